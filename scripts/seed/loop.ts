// Demo feedback loop: ideas answered with official responses (under review, planned, in progress, done,
// declined), internal notes, a merged pair, an idea recorded from a phone call, saved replies. All through the
// app's own commands, so the timeline, counters, notifications and e-mails are exactly what real use produces.
import { and, eq, like, sql } from "drizzle-orm";
import { addNote } from "../../app/features/loop/commands/add-note.server";
import { changeStatus } from "../../app/features/loop/commands/change-status.server";
import { createSavedReply } from "../../app/features/loop/commands/create-saved-reply.server";
import { mergeIdeas } from "../../app/features/loop/commands/merge-ideas.server";
import type { SettableStatus } from "../../app/features/loop/schemas";
import { executeOrThrow } from "../../app/commands/command.server";
import { drainEvents } from "../../app/events/dispatcher.server";
import { submitIdea } from "../../app/features/ideas/commands/submit-idea.server";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";

const DAY = 86_400_000;

type Answer = { title: string; by: string; status: SettableStatus; response: string | null; afterDays: number };

const ANSWERS: Record<string, Answer[]> = {
  mobiilisovellus: [
    { title: "Kausilippu näkyviin lukitusnäytölle", by: "staff@demo.kaiku.test", status: "under_review", response: null, afterDays: 1 },
    {
      title: "Kausilippu näkyviin lukitusnäytölle",
      by: "staff@demo.kaiku.test",
      status: "in_progress",
      response:
        "Hei Matti, kiitos tästä! Idea sai ryhmässä paljon kannatusta, ja se on nyt työn alla. Ensimmäinen versio on testiversiossa 2.4: avaa kausilippu kerran, niin se näkyy lukitusnäytöllä. Kerromme tässä, kun ominaisuus tulee kaikille, arviolta tammikuussa.",
      afterDays: 6,
    },
    {
      title: "Offline mode for tickets",
      by: "staff2@demo.kaiku.test",
      status: "planned",
      response:
        "Hi Olivia, thank you for this, and Mikko and Oliver for the details. We have planned it for the spring release: tickets will be stored on the phone right after purchase. We will post here when a test version is ready.",
      afterDays: 2,
    },
    {
      title: "Book wheelchair assistance in the same purchase",
      by: "staff@demo.kaiku.test",
      status: "under_review",
      response:
        "Hi Sophie, thank you for explaining this so clearly. We are reviewing it with the assistance service team and will tell you here what they think by the end of the month.",
      afterDays: 3,
    },
    { title: "Tumma teema sovellukseen", by: "staff@demo.kaiku.test", status: "planned", response: null, afterDays: 2 },
    {
      title: "Tumma teema sovellukseen",
      by: "staff@demo.kaiku.test",
      status: "done",
      response:
        "Hei Aleksi, kiitos ideasta! Tumma teema on nyt sovelluksessa versiosta 2.5 alkaen, ja se seuraa puhelimen omaa asetusta, kuten Olivia toivoi. Kerrothan, miltä se näyttää iltajunassa.",
      afterDays: 5,
    },
    {
      title: "Haptic feedback when the ticket is validated",
      by: "staff2@demo.kaiku.test",
      status: "declined",
      response:
        "Hi Noah, thank you for the idea. We looked into it, but the conductors' scanners cannot tell the phone that a ticket was read, so we cannot do this now. We will come back to it if the scanners are renewed.",
      afterDays: 1,
    },
    {
      title: "Selkeämpi ostopolku: vähemmän vaiheita",
      by: "staff@demo.kaiku.test",
      status: "under_review",
      response:
        "Hei Hanna, kiitos! Olemme samaa mieltä, että vaiheita on liikaa. Testaamme kolmen vaiheen ostopolkua seuraavassa käyttäjätestissä ja kerromme tulokset tässä.",
      afterDays: 4,
    },
    {
      title: "Live train position on a map",
      by: "staff2@demo.kaiku.test",
      status: "planned",
      response:
        "Thanks Emma, and everyone who added ideas about platforms. The map is planned for the summer, platform changes included. Next, we will share sketches here for your comments.",
      afterDays: 5,
    },
  ],
  lipunmyynti: [
    {
      title: "Kausilipun automaattinen uusinta",
      by: "staff@demo.kaiku.test",
      status: "planned",
      response:
        "Hei Matti, kiitos! Automaattinen uusinta muistutuksineen on suunnitelmissa kevääksi, ja Danielin ehdottama tauko lomien ajaksi on mukana. Kerromme täällä, kun pääsette kokeilemaan.",
      afterDays: 2,
    },
    {
      title: "Lippuautomaattiin käteismaksu takaisin",
      by: "staff@demo.kaiku.test",
      status: "declined",
      response:
        "Hei Tuula, kiitos, että nostit tämän esiin. Käteisautomaatteja ei valitettavasti tuoda takaisin, mutta asemien myyntipisteissä voi jatkossakin maksaa käteisellä. Kokoamme ensi kuussa listan asemista, joilla se onnistuu, ja jaamme sen tässä ryhmässä.",
      afterDays: 3,
    },
    {
      title: "Lost and found form in English",
      by: "staff2@demo.kaiku.test",
      status: "done",
      response: "Hi Emma, thank you! The lost property form is now available in English too. Let us know if anything in it is unclear.",
      afterDays: 2,
    },
    { title: "Family ticket that works across several trains", by: "staff2@demo.kaiku.test", status: "under_review", response: null, afterDays: 1 },
  ],
};

const NOTES: { group: string; title: string; by: string; body: string }[] = [
  {
    group: "mobiilisovellus",
    title: "Book wheelchair assistance in the same purchase",
    by: "staff@demo.kaiku.test",
    body: "Avustuspalvelun järjestelmä ei vielä ota vastaan tilauksia rajapinnan kautta. Palaveri palvelun kanssa ensi tiistaina.",
  },
  {
    group: "mobiilisovellus",
    title: "Offline mode for tickets",
    by: "staff2@demo.kaiku.test",
    body: "Security team approved storing the ticket QR code encrypted on the device. Estimate: 3 sprints.",
  },
  {
    group: "lipunmyynti",
    title: "Lippuautomaattiin käteismaksu takaisin",
    by: "admin@demo.kaiku.test",
    body: "Hallituksen linjaus: ei uusia käteisautomaatteja. Myyntipisteiden lista tulossa asiakaspalvelulta.",
  },
];

export const SAVED_REPLIES = [
  {
    title: "Kiitos – arvioimme (fi)",
    body: "Hei {name}, kiitos ideasta ”{idea}”! Se on nyt arvioitavana tuotetiimissä. Kerromme tässä, mitä päätimme, kahden viikon sisällä.",
  },
  {
    title: "Thanks – under review (en)",
    body: "Hi {name}, thank you for “{idea}”! The product team is reviewing it now. We will tell you here what we decide within two weeks.",
  },
  {
    title: "Suunnitelmissa (fi)",
    body: "Hei {name}, kiitos! ”{idea}” on nyt suunnitelmissa. Seuraavaksi teemme luonnokset, ja jaamme ne tässä ryhmässä ({group}) kommentoitaviksi.",
  },
  {
    title: "Not now, thank you (en)",
    body: "Hi {name}, thank you for taking the time to share “{idea}”. We cannot take it on right now, because … We will keep it in mind and come back to it in {group} if that changes.",
  },
];

export function seedLoop(db: Db): void {
  const user = (email: string) => db.select().from(schema.users).where(eq(schema.users.email, email)).get()!;
  const groupOf = (slug: string) => db.select().from(schema.groups).where(eq(schema.groups.slug, slug)).get()!;
  const ideaOf = (groupId: string, title: string) =>
    db
      .select()
      .from(schema.ideas)
      .where(and(eq(schema.ideas.groupId, groupId), eq(schema.ideas.title, title)))
      .get()!;
  const staff = user("staff@demo.kaiku.test");

  for (const r of SAVED_REPLIES) executeOrThrow(createSavedReply, staff, r);

  for (const [slug, answers] of Object.entries(ANSWERS)) {
    const group = groupOf(slug);
    for (const a of answers) {
      const idea = ideaOf(group.id, a.title);
      const actor = user(a.by);
      executeOrThrow(
        changeStatus,
        actor,
        { groupId: group.id, number: idea.number, status: a.status, response: a.response },
        { now: Math.min(Date.now(), idea.createdAt + a.afterDays * DAY) },
      );
    }
  }
  for (const n of NOTES) {
    const group = groupOf(n.group);
    executeOrThrow(addNote, user(n.by), { groupId: group.id, number: ideaOf(group.id, n.title).number, body: n.body });
  }

  // A duplicate, merged: the wallet idea says what the lock-screen idea says.
  const mobile = groupOf("mobiilisovellus");
  executeOrThrow(mergeIdeas, staff, {
    groupId: mobile.id,
    fromNumber: ideaOf(mobile.id, "Apple and Google Wallet support").number,
    intoNumber: ideaOf(mobile.id, "Kausilippu näkyviin lukitusnäytölle").number,
    response: "Thanks Olivia! The wallet and the lock screen are the same wish, so we combined them: your vote and follow moved along.",
  });

  // Heard on the phone: staff record it as Juha's idea.
  const juha = user("juha@demo.kaiku.test");
  const board = db.select().from(schema.boards).where(eq(schema.boards.groupId, mobile.id)).orderBy(schema.boards.position).get()!;
  executeOrThrow(submitIdea, staff, {
    groupId: mobile.id,
    boardId: board.id,
    title: "Pyörän kuljetus kesäjunissa sovelluksesta",
    body: "Juha soitti asiakaspalveluun: kesäisin pyöräpaikat loppuvat, ja hän toivoo, että pyöräpaikan voisi varata sovelluksessa samalla kun ostaa lipun.",
    tagIds: [],
    onBehalfOf: juha.email,
    source: "phone",
  });
  // Juha's "recorded" notification (and the loop's own), before they are dated below.
  drainEvents();

  // Notifications carry the time of what they tell about (the seed wrote them all just now).
  db.run(
    sql`UPDATE notifications SET created_at = (SELECT e.created_at FROM idea_events e WHERE e.id = json_extract(notifications.data, '$.eventId')) WHERE json_extract(data, '$.eventId') IS NOT NULL`,
  );
  // A grouped comment notification carries the time of its latest comment.
  db.run(
    sql`UPDATE notifications SET created_at = (SELECT c.created_at FROM comments c WHERE c.id = coalesce(json_extract(notifications.data, '$.latestCommentId'), json_extract(notifications.data, '$.commentId'))) WHERE json_extract(data, '$.commentId') IS NOT NULL`,
  );
  // The history above is the past: its e-mails count as sent (they stay readable on the admin outbox page)
  // rather than being printed by the dispatcher at the first start.
  db.update(schema.emailOutbox)
    .set({ status: "logged", attempts: 1 })
    .where(and(like(schema.emailOutbox.kind, "notify-%"), eq(schema.emailOutbox.status, "pending")))
    .run();
}
