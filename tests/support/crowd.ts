// A crowd for fan-out tests: thousands of active members who voted for one idea, written with prepared statements
// in one transaction (the factories hash a password and go through the models per person: minutes for 10,000).
import { db } from "../../app/db.server";

/**
 * `count` new people, active members of the group, each voting for the idea, with the default e-mail choices
 * (status e-mails on) unless `emailStatus` says otherwise; every `finnishEvery`-th reads Finnish. Keeps the
 * idea's vote_count and the group's member_count right. Returns their ids and addresses.
 */
export function makeCrowd(input: {
  groupId: string;
  ideaId: number;
  count: number;
  prefix?: string;
  emailStatus?: "immediately" | "off";
  finnishEvery?: number;
}): { ids: string[]; emails: string[] } {
  const c = db().$client;
  const prefix = input.prefix ?? `crowd-${Math.random().toString(36).slice(2, 8)}`;
  const now = Date.now();
  const user = c.prepare("INSERT INTO users (id, email, name, role, locale, handle, email_status) VALUES (?, ?, ?, 'member', ?, ?, ?)");
  const member = c.prepare("INSERT INTO memberships (group_id, user_id, state, joined_at, state_changed_at) VALUES (?, ?, 'active', ?, ?)");
  const vote = c.prepare("INSERT INTO votes (idea_id, user_id, created_at) VALUES (?, ?, ?)");
  const ids: string[] = [];
  const emails: string[] = [];
  c.transaction(() => {
    for (let i = 0; i < input.count; i++) {
      const id = `${prefix}-${String(i).padStart(6, "0")}`;
      const email = `${id}@example.test`;
      const finnish = input.finnishEvery ? i % input.finnishEvery === 0 : false;
      user.run(id, email, `Voter ${i}`, finnish ? "fi" : "en", id, input.emailStatus ?? "immediately");
      member.run(input.groupId, id, now, now);
      vote.run(input.ideaId, id, now);
      ids.push(id);
      emails.push(email);
    }
    c.prepare("UPDATE ideas SET vote_count = vote_count + ? WHERE id = ?").run(input.count, input.ideaId);
    c.prepare("UPDATE groups SET member_count = member_count + ? WHERE id = ?").run(input.count, input.groupId);
  })();
  return { ids, emails };
}
