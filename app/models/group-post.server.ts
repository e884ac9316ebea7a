import { and, desc, eq, isNull } from "drizzle-orm";
import { generateIdFromEntropySize } from "lucia";
import { db, schema } from "~/db.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { recordAudit } from "./audit.server";

export type PostInput = { title: string; body: string; pinned: boolean };

export function createPost({ actorId, groupId, input }: { actorId: string; groupId: string; input: PostInput }): string {
  const id = generateIdFromEntropySize(10);
  db().transaction(
    (tx) => {
      tx.insert(schema.groupPosts)
        .values({ id, groupId, authorId: actorId, ...input })
        .run();
      recordAudit(tx, { actorId, action: "post.create", targetType: "post", targetId: id, groupId, details: { title: input.title } });
    },
    { behavior: "immediate" },
  );
  return id;
}

export function updatePost({ actorId, groupId, postId, input }: { actorId: string; groupId: string; postId: string; input: PostInput }): boolean {
  return db().transaction(
    (tx) => {
      const done = tx
        .update(schema.groupPosts)
        .set({ ...input, updatedAt: Date.now() })
        .where(and(eq(schema.groupPosts.id, postId), eq(schema.groupPosts.groupId, groupId)))
        .returning({ id: schema.groupPosts.id })
        .get();
      if (done)
        recordAudit(tx, {
          actorId,
          action: "post.update",
          targetType: "post",
          targetId: postId,
          groupId,
          details: { title: input.title, pinned: input.pinned },
        });
      return Boolean(done);
    },
    { behavior: "immediate" },
  );
}

export function deletePost({ actorId, groupId, postId }: { actorId: string; groupId: string; postId: string }): boolean {
  return db().transaction(
    (tx) => {
      const gone = tx
        .delete(schema.groupPosts)
        .where(and(eq(schema.groupPosts.id, postId), eq(schema.groupPosts.groupId, groupId)))
        .returning({ title: schema.groupPosts.title })
        .get();
      if (gone) recordAudit(tx, { actorId, action: "post.delete", targetType: "post", targetId: postId, groupId, details: { title: gone.title } });
      return Boolean(gone);
    },
    { behavior: "immediate" },
  );
}

/**
 * Pinned first, then newest; bodies rendered to safe HTML. A hidden update (moderation) is left out, except for
 * reviewers (`reviewer`: canReview), who see it marked with `hidden` and the reason.
 */
export function listPosts({ groupId, limit, reviewer = false }: { groupId: string; limit?: number; reviewer?: boolean }) {
  const q = db()
    .select({
      id: schema.groupPosts.id,
      title: schema.groupPosts.title,
      body: schema.groupPosts.body,
      pinned: schema.groupPosts.pinned,
      createdAt: schema.groupPosts.createdAt,
      updatedAt: schema.groupPosts.updatedAt,
      authorName: schema.users.name,
      authorId: schema.groupPosts.authorId,
      hiddenAt: schema.groupPosts.hiddenAt,
      hiddenReason: schema.groupPosts.hiddenReason,
    })
    .from(schema.groupPosts)
    .leftJoin(schema.users, eq(schema.users.id, schema.groupPosts.authorId))
    .where(and(eq(schema.groupPosts.groupId, groupId), reviewer ? undefined : isNull(schema.groupPosts.hiddenAt)))
    .orderBy(desc(schema.groupPosts.pinned), desc(schema.groupPosts.createdAt))
    .limit(limit ?? 100)
    .all();
  return q.map(({ hiddenAt, hiddenReason, ...p }) => ({ ...p, hidden: hiddenAt !== null, hiddenReason, html: renderMarkdown(p.body) }));
}
