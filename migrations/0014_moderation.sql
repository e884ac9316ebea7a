-- Moderation (issue 13): reports, review cases, decisions and mutes; hidden, held and erased ideas and comments;
-- hidden updates and introductions; the group's auto-hide threshold and newcomer hold. Adds columns and tables
-- only: no row is dropped or rewritten.
CREATE TABLE `member_mutes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` text NOT NULL,
	`user_id` text NOT NULL,
	`muted_by` text,
	`reason` text NOT NULL,
	`length` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer,
	`lifted_at` integer,
	`lifted_by` text,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`muted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`lifted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `member_mutes_group_user_idx` ON `member_mutes` (`group_id`,`user_id`,`lifted_at`);--> statement-breakpoint
CREATE TABLE `moderation_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` text NOT NULL,
	`item_type` text NOT NULL,
	`item_id` text NOT NULL,
	`author_id` text,
	`origin` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`report_count` integer DEFAULT 0 NOT NULL,
	`auto_hidden_at` integer,
	`appeal_note` text,
	`opened_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	`decision` text,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `moderation_cases_open_item_unique` ON `moderation_cases` (`item_type`,`item_id`) WHERE "moderation_cases"."state" = 'open';--> statement-breakpoint
CREATE INDEX `moderation_cases_group_state_idx` ON `moderation_cases` (`group_id`,`state`,`opened_at`);--> statement-breakpoint
CREATE INDEX `moderation_cases_state_idx` ON `moderation_cases` (`state`,`opened_at`);--> statement-breakpoint
CREATE INDEX `moderation_cases_author_idx` ON `moderation_cases` (`author_id`,`group_id`);--> statement-breakpoint
CREATE INDEX `moderation_cases_item_idx` ON `moderation_cases` (`item_type`,`item_id`);--> statement-breakpoint
CREATE TABLE `moderation_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer,
	`group_id` text NOT NULL,
	`item_type` text NOT NULL,
	`item_id` text NOT NULL,
	`author_id` text,
	`actor_id` text,
	`decision` text NOT NULL,
	`reason` text,
	`note` text,
	`original_text` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `moderation_cases`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `moderation_decisions_group_idx` ON `moderation_decisions` (`group_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `moderation_decisions_author_idx` ON `moderation_decisions` (`author_id`,`group_id`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`group_id` text NOT NULL,
	`item_type` text NOT NULL,
	`item_id` text NOT NULL,
	`reporter_id` text NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`withdrawn_at` integer,
	`closed_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `moderation_cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_open_unique` ON `reports` (`item_type`,`item_id`,`reporter_id`) WHERE "reports"."withdrawn_at" IS NULL AND "reports"."closed_at" IS NULL;--> statement-breakpoint
CREATE INDEX `reports_case_idx` ON `reports` (`case_id`);--> statement-breakpoint
CREATE INDEX `reports_reporter_created_idx` ON `reports` (`reporter_id`,`created_at`);
--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `idea_id` integer;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `comment_id` integer;--> statement-breakpoint
ALTER TABLE `notifications` ADD `comment_id` integer;--> statement-breakpoint
ALTER TABLE `ideas` ADD `hidden_at` integer;--> statement-breakpoint
ALTER TABLE `ideas` ADD `hidden_by` text;--> statement-breakpoint
ALTER TABLE `ideas` ADD `hidden_reason` text;--> statement-breakpoint
ALTER TABLE `ideas` ADD `held_at` integer;--> statement-breakpoint
ALTER TABLE `ideas` ADD `erased_at` integer;--> statement-breakpoint
ALTER TABLE `comments` ADD `hidden_at` integer;--> statement-breakpoint
ALTER TABLE `comments` ADD `hidden_by` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `hidden_reason` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `held_at` integer;--> statement-breakpoint
ALTER TABLE `comments` ADD `erased_at` integer;--> statement-breakpoint
ALTER TABLE `group_posts` ADD `hidden_at` integer;--> statement-breakpoint
ALTER TABLE `group_posts` ADD `hidden_by` text;--> statement-breakpoint
ALTER TABLE `group_posts` ADD `hidden_reason` text;--> statement-breakpoint
ALTER TABLE `groups` ADD `auto_hide_threshold` integer DEFAULT 3;--> statement-breakpoint
ALTER TABLE `groups` ADD `hold_first_posts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `memberships` ADD `approved_post_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `memberships` ADD `intro_hidden_at` integer;--> statement-breakpoint
ALTER TABLE `memberships` ADD `intro_hidden_by` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `intro_hidden_reason` text;
--> statement-breakpoint
-- "Listed" gains hidden, held and erased (LISTED_SQL of app/domain/predicates.ts), as 0013's header says: drop the
-- dependents that read the columns, drop `waiting` (it reads `listed`) and `listed`, add both with the new rule,
-- create the dependents again with 0013's text, then recount what they count.
DROP INDEX `ideas_waiting_idx`;
--> statement-breakpoint
DROP INDEX `ideas_group_waiting_idx`;
--> statement-breakpoint
DROP INDEX `ideas_board_status_idx`;
--> statement-breakpoint
DROP INDEX `ideas_group_status_idx`;
--> statement-breakpoint
DROP TRIGGER `boards_idea_count_insert`;
--> statement-breakpoint
DROP TRIGGER `boards_idea_count_update`;
--> statement-breakpoint
DROP TRIGGER `boards_idea_count_delete`;
--> statement-breakpoint
DROP TRIGGER `groups_waiting_count_insert`;
--> statement-breakpoint
DROP TRIGGER `groups_waiting_count_update`;
--> statement-breakpoint
DROP TRIGGER `groups_waiting_count_delete`;
--> statement-breakpoint
ALTER TABLE `ideas` DROP COLUMN `waiting`;
--> statement-breakpoint
ALTER TABLE `ideas` DROP COLUMN `listed`;
--> statement-breakpoint
ALTER TABLE `ideas` ADD `listed` integer GENERATED ALWAYS AS (withdrawn_at IS NULL AND status <> 'merged' AND hidden_at IS NULL AND held_at IS NULL AND erased_at IS NULL) VIRTUAL NOT NULL;
--> statement-breakpoint
ALTER TABLE `ideas` ADD `waiting` integer GENERATED ALWAYS AS (first_response_at IS NULL AND listed) VIRTUAL NOT NULL;
--> statement-breakpoint
CREATE INDEX `ideas_waiting_idx` ON `ideas` (`created_at`) WHERE waiting = 1;
--> statement-breakpoint
CREATE INDEX `ideas_group_waiting_idx` ON `ideas` (`group_id`,`created_at`) WHERE waiting = 1;
--> statement-breakpoint
CREATE INDEX `ideas_board_status_idx` ON `ideas` (`board_id`,`status`,`listed`,`group_id`);
--> statement-breakpoint
CREATE INDEX `ideas_group_status_idx` ON `ideas` (`group_id`,`status`,`listed`,`withdrawn_at`);
--> statement-breakpoint
CREATE TRIGGER `boards_idea_count_insert` AFTER INSERT ON `ideas` WHEN new.listed BEGIN
  UPDATE `boards` SET `idea_count` = `idea_count` + 1 WHERE `id` = new.board_id;
END;
--> statement-breakpoint
CREATE TRIGGER `boards_idea_count_update` AFTER UPDATE ON `ideas` WHEN old.listed IS NOT new.listed OR old.board_id IS NOT new.board_id BEGIN
  UPDATE `boards` SET `idea_count` = `idea_count` - 1 WHERE `id` = old.board_id AND old.listed;
  UPDATE `boards` SET `idea_count` = `idea_count` + 1 WHERE `id` = new.board_id AND new.listed;
END;
--> statement-breakpoint
CREATE TRIGGER `boards_idea_count_delete` AFTER DELETE ON `ideas` WHEN old.listed BEGIN
  UPDATE `boards` SET `idea_count` = `idea_count` - 1 WHERE `id` = old.board_id;
END;
--> statement-breakpoint
CREATE TRIGGER `groups_waiting_count_insert` AFTER INSERT ON `ideas` WHEN new.waiting BEGIN
  UPDATE `groups` SET `waiting_count` = `waiting_count` + 1 WHERE `id` = new.group_id;
END;
--> statement-breakpoint
CREATE TRIGGER `groups_waiting_count_update` AFTER UPDATE ON `ideas` WHEN old.waiting IS NOT new.waiting OR old.group_id IS NOT new.group_id BEGIN
  UPDATE `groups` SET `waiting_count` = `waiting_count` - 1 WHERE `id` = old.group_id AND old.waiting;
  UPDATE `groups` SET `waiting_count` = `waiting_count` + 1 WHERE `id` = new.group_id AND new.waiting;
END;
--> statement-breakpoint
CREATE TRIGGER `groups_waiting_count_delete` AFTER DELETE ON `ideas` WHEN old.waiting BEGIN
  UPDATE `groups` SET `waiting_count` = `waiting_count` - 1 WHERE `id` = old.group_id;
END;
--> statement-breakpoint
UPDATE `boards` SET `idea_count` = (SELECT count(*) FROM `ideas` i WHERE i.board_id = boards.id AND i.listed = 1);
--> statement-breakpoint
UPDATE `groups` SET `waiting_count` = (SELECT count(*) FROM `ideas` i WHERE i.group_id = groups.id AND i.waiting = 1);
--> statement-breakpoint
-- ideas.comment_count: the idea's listed comments (COMMENT_LISTED_SQL), kept by triggers from now on, as the
-- idea counters are: hide, restore, approval, deletion and erasure change it in the same statement.
ALTER TABLE `comments` ADD `listed` integer GENERATED ALWAYS AS (deleted_at IS NULL AND hidden_at IS NULL AND held_at IS NULL AND erased_at IS NULL) VIRTUAL NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `ideas_comment_count_insert` AFTER INSERT ON `comments` WHEN new.listed BEGIN
  UPDATE `ideas` SET `comment_count` = `comment_count` + 1 WHERE `id` = new.idea_id;
END;
--> statement-breakpoint
CREATE TRIGGER `ideas_comment_count_update` AFTER UPDATE ON `comments` WHEN old.listed IS NOT new.listed OR old.idea_id IS NOT new.idea_id BEGIN
  UPDATE `ideas` SET `comment_count` = `comment_count` - 1 WHERE `id` = old.idea_id AND old.listed;
  UPDATE `ideas` SET `comment_count` = `comment_count` + 1 WHERE `id` = new.idea_id AND new.listed;
END;
--> statement-breakpoint
CREATE TRIGGER `ideas_comment_count_delete` AFTER DELETE ON `comments` WHEN old.listed BEGIN
  UPDATE `ideas` SET `comment_count` = `comment_count` - 1 WHERE `id` = old.idea_id;
END;
--> statement-breakpoint
UPDATE `ideas` SET `comment_count` = (SELECT count(*) FROM `comments` c WHERE c.idea_id = ideas.id AND c.listed = 1) WHERE `comment_count` <> (SELECT count(*) FROM `comments` c WHERE c.idea_id = ideas.id AND c.listed = 1);
