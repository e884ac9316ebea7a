import { and, eq, sql } from "drizzle-orm";
import { generateIdFromEntropySize } from "lucia";
import { hashPassword } from "../../app/auth/password.server";
import { createPost } from "../../app/models/group-post.server";
import { createGroup } from "../../app/models/group.server";
import { executeOrThrow } from "../../app/commands/command.server";
import { drainEvents } from "../../app/events/dispatcher.server";
import { inviteMembers } from "../../app/features/groups/commands/invite-members.server";
import { joinGroup } from "../../app/features/groups/commands/join-group.server";
import { activateMembership, updateIntro } from "../../app/models/membership.server";
import { uniqueHandle } from "../../app/models/user.server";
import { EXTRA_MEMBERS, seedIdeas } from "./ideas";
import { seedLoop } from "./loop";
import { seedModeration } from "./moderation";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";

export const DEMO_PASSWORD = "kaiku-demo-2026";

export const DEMO_USERS = [
  { email: "admin@demo.kaiku.test", name: "Aino Administrator", role: "admin", locale: "fi" },
  { email: "staff@demo.kaiku.test", name: "Sanna Virtanen", role: "staff", locale: "fi" },
  { email: "staff2@demo.kaiku.test", name: "Oliver Smith", role: "staff", locale: "en" },
  { email: "member@demo.kaiku.test", name: "Matti Meikäläinen", role: "member", locale: "fi" },
  { email: "emma@demo.kaiku.test", name: "Emma Johnson", role: "member", locale: "en" },
  { email: "juha@demo.kaiku.test", name: "Juha Korhonen", role: "member", locale: "fi" },
  { email: "liisa@demo.kaiku.test", name: "Liisa Nieminen", role: "member", locale: "fi" },
  { email: "james@demo.kaiku.test", name: "James Brown", role: "member", locale: "en" },
  { email: "aleksi@demo.kaiku.test", name: "Aleksi Mäkinen", role: "member", locale: "fi" },
  { email: "sophie@demo.kaiku.test", name: "Sophie Wilson", role: "member", locale: "en" },
  { email: "tuula@demo.kaiku.test", name: "Tuula Hämäläinen", role: "member", locale: "fi" },
  { email: "daniel@demo.kaiku.test", name: "Daniel Taylor", role: "member", locale: null },
  { email: "kaisa@demo.kaiku.test", name: "Kaisa Laine", role: "member", locale: "fi" },
] as const;

/** True when the database has no accounts yet: the only time demo data is written. */
export function isEmpty(db: Db): boolean {
  return (
    (db
      .select({ n: sql<number>`count(*)` })
      .from(schema.users)
      .get()?.n ?? 0) === 0
  );
}

/** Writes demo data in one transaction. Idempotent: does nothing unless the database is empty. */
export async function seedDemo(db: Db): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const seeded = db.transaction(
    (tx) => {
      if (
        (tx
          .select({ n: sql<number>`count(*)` })
          .from(schema.users)
          .get()?.n ?? 0) > 0
      )
        return false;
      tx.insert(schema.orgSettings).values({ id: 1, name: "Demo Rail Oy", defaultLocale: "fi", timeZone: "Europe/Helsinki" }).onConflictDoNothing().run();
      const now = Date.now();
      DEMO_USERS.forEach((u, i) => {
        tx.insert(schema.users)
          // Accounts exist before they join a group (the first joins are 45 days ago), a day apart in list order.
          .values({
            id: generateIdFromEntropySize(10),
            ...u,
            handle: uniqueHandle(tx, u.name),
            passwordHash,
            createdAt: now - (60 + DEMO_USERS.length - i) * 86_400_000,
          })
          .run();
      });
      for (const u of EXTRA_MEMBERS) {
        tx.insert(schema.users)
          .values({
            id: generateIdFromEntropySize(10),
            email: u.email,
            name: u.name,
            role: "member",
            locale: u.locale,
            handle: uniqueHandle(tx, u.name),
            passwordHash,
            createdAt: now - 40 * 86_400_000,
          })
          .run();
      }
      return true;
    },
    { behavior: "immediate" },
  );
  if (seeded) {
    seedGroups(db);
    seedIdeas(db);
    seedLoop(db);
    seedModeration(db);
  }
  return seeded;
}

const DAY = 86_400_000;

const INTROS: Record<string, string> = {
  "member@demo.kaiku.test": "Työmatkalainen Tampereelta, junassa viitenä päivänä viikossa. Haluaisin lipun ostamisen sujuvan yhdellä kädellä.",
  "emma@demo.kaiku.test": "I commute between Espoo and Helsinki and travel to Lapland with my kids every winter.",
  "juha@demo.kaiku.test": "Eläkeläinen ja innokas junamatkailija. Toivon selkeää ja isoa tekstiä sovellukseen.",
  "liisa@demo.kaiku.test": "Opiskelija Turusta. Käytän mobiilisovellusta viikoittain.",
  "james@demo.kaiku.test": "Business traveller, mostly Helsinki–Oulu. Wi-Fi and power sockets matter to me.",
  "sophie@demo.kaiku.test": "I travel with a wheelchair, so accessible booking is close to my heart.",
  "kaisa@demo.kaiku.test": "Perheenäiti, matkustamme usein koko perheen voimin.",
};

/**
 * Two pilot groups that show every membership state: members with introductions, a moderator in each, staff
 * updates, a pending join request and pending invitations (readable in the admin outbox).
 */
function seedGroups(db: Db) {
  const user = (email: string) => db.select().from(schema.users).where(eq(schema.users.email, email)).get()!;
  const staff = user("staff@demo.kaiku.test");
  const admin = user("admin@demo.kaiku.test");
  const now = Date.now();
  const mobile = createGroup({
    firstBoard: false, // ideas.ts writes the demo's own boards
    actorId: admin.id,
    input: {
      name: "Mobiilisovelluksen pilotti",
      slug: "mobiilisovellus",
      description:
        "Tervetuloa uudistamaan **Demo Railin mobiilisovellusta**! Kokeilemme uusia ominaisuuksia ennen muita ja kerromme, mikä toimii ja mikä ei.\n\n*Welcome! This group tries new features of the mobile app before everyone else. Ideas in English are just as welcome.*",
      joinPolicy: "request",
      screeningQuestion: "Kuinka usein matkustat junalla? / How often do you travel by train?",
      responseTargetDays: 7,
      capacity: 40,
      startsAt: now - 30 * DAY,
      endsAt: now + 90 * DAY,
    },
  });
  const tickets = createGroup({
    firstBoard: false, // ideas.ts writes the demo's own boards
    actorId: admin.id,
    input: {
      name: "Lipunmyynnin uudistus",
      slug: "lipunmyynti",
      description:
        "Lipunmyynnin kanavat uudistuvat. Tässä kutsutussa ryhmässä suunnittelemme yhdessä, miten liput ostetaan tulevaisuudessa: verkossa, sovelluksessa ja asemalla.",
      joinPolicy: "invite",
      screeningQuestion: null,
      responseTargetDays: 5,
      capacity: null,
      startsAt: now - 14 * DAY,
      endsAt: null,
    },
  });
  if (!mobile.ok || !tickets.ok) throw new Error("demo groups could not be created");
  // Everyone joined before the demo ideas were written (the oldest is 28 days old), a day or so apart.
  const join = (groupId: string, emails: string[], moderator: string, firstDaysAgo: number) => {
    emails.forEach((email, i) => {
      const u = user(email);
      db.transaction((tx) => activateMembership(tx, { groupId, userId: u.id, now: now - (firstDaysAgo - i * 0.5) * DAY }), { behavior: "immediate" });
      if (INTROS[email]) updateIntro({ groupId, userId: u.id, intro: INTROS[email] });
      if (email === moderator)
        db.update(schema.memberships)
          .set({ role: "moderator" })
          .where(and(eq(schema.memberships.groupId, groupId), eq(schema.memberships.userId, u.id)))
          .run();
    });
  };
  join(
    mobile.id,
    [
      "member@demo.kaiku.test",
      "emma@demo.kaiku.test",
      "juha@demo.kaiku.test",
      "liisa@demo.kaiku.test",
      "james@demo.kaiku.test",
      "aleksi@demo.kaiku.test",
      "sophie@demo.kaiku.test",
    ],
    "member@demo.kaiku.test",
    45,
  );
  join(
    tickets.id,
    ["emma@demo.kaiku.test", "member@demo.kaiku.test", "daniel@demo.kaiku.test", "kaisa@demo.kaiku.test", "tuula@demo.kaiku.test"],
    "emma@demo.kaiku.test",
    45,
  );
  for (const slug of ["mobiilisovellus", "lipunmyynti"] as const) {
    const emails = EXTRA_MEMBERS.filter((m) => (m.groups as readonly string[]).includes(slug)).map((m) => m.email);
    join(slug === "mobiilisovellus" ? mobile.id : tickets.id, emails, "", 38);
  }

  createPost({
    actorId: staff.id,
    groupId: mobile.id,
    input: {
      title: "Tervetuloa pilottiin! / Welcome to the pilot!",
      body: "Kiitos, että olet mukana. Kerro esittelyssäsi, millaisilla matkoilla käytät sovellusta.\n\n- Vastaamme jokaiseen ideaan viikon sisällä\n- Uusia testiversioita julkaistaan kahden viikon välein",
      pinned: true,
    },
  });
  createPost({
    actorId: staff.id,
    groupId: mobile.id,
    input: {
      title: "Testiversio 2.4 on julkaistu",
      body: "Uudessa versiossa kausilipun voi näyttää suoraan lukitusnäytöltä. Kerro, miten se toimii sinulla!",
      pinned: false,
    },
  });
  createPost({
    actorId: staff.id,
    groupId: tickets.id,
    input: { title: "Ensimmäinen työpaja 12.12.", body: "Kokoonnumme Helsingin päärautatieasemalle. Ilmoittaudu vastaamalla tähän ryhmään.", pinned: true },
  });

  const tuula = user("tuula@demo.kaiku.test");
  const mobileGroup = db.select().from(schema.groups).where(eq(schema.groups.id, mobile.id)).get()!;
  executeOrThrow(joinGroup, tuula, {
    groupId: mobileGroup.id,
    answer: "Matkustan Helsingistä Tampereelle pari kertaa kuussa ja ostan liput aina sovelluksella.",
  });
  const moderator = user("member@demo.kaiku.test");
  executeOrThrow(inviteMembers, moderator, {
    groupId: mobileGroup.id,
    entries: [
      { email: "uusi.asiakas@example.com", name: "Uusi Asiakas" },
      { email: "new.customer@example.com", name: "New Customer" },
    ],
    message: "Tule mukaan kehittämään sovellusta!",
  });
  const ticketGroup = db.select().from(schema.groups).where(eq(schema.groups.id, tickets.id)).get()!;
  const emma = user("emma@demo.kaiku.test");
  executeOrThrow(inviteMembers, emma, {
    groupId: ticketGroup.id,
    entries: [{ email: "james@demo.kaiku.test", name: null }],
    message: "James, we would love your view on business travel tickets.",
  });
  // The moderators' notice of Tuula's request and the invitation e-mails, before the seed reports done.
  drainEvents();
}
