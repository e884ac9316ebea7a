-- Comment notifications for followers and the idea's author, grouped per idea.
-- 1. Whether new comments on followed ideas also come by e-mail: off by default, so nobody is flooded.
ALTER TABLE `users` ADD `email_comments` text DEFAULT 'off' NOT NULL;
--> statement-breakpoint
-- 2. A grouped notification knows its idea and how many comments it stands for.
ALTER TABLE `notifications` ADD `idea_id` integer;
--> statement-breakpoint
ALTER TABLE `notifications` ADD `count` integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
-- At most one unread comment notification per reader and idea: a new comment updates it (an upsert on this
-- index), so a busy discussion stays one item, also when comments arrive at the same moment.
CREATE UNIQUE INDEX `notifications_unread_comment_unique` ON `notifications` (`user_id`,`idea_id`) WHERE `kind` = 'comment' AND `read_at` IS NULL;
--> statement-breakpoint
-- 3. The notification centre lists newest first by time (a grouped item moves up when it is updated).
CREATE INDEX `notifications_user_created_idx` ON `notifications` (`user_id`,`created_at`,`id`);
