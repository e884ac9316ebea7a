CREATE TABLE `idea_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idea_id` integer NOT NULL,
	`group_id` text NOT NULL,
	`actor_id` text,
	`kind` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`response` text,
	`related_idea_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `idea_events_idea_idx` ON `idea_events` (`idea_id`,`id`);--> statement-breakpoint
CREATE INDEX `idea_events_group_idx` ON `idea_events` (`group_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `idea_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idea_id` integer NOT NULL,
	`author_id` text,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `idea_notes_idea_idx` ON `idea_notes` (`idea_id`,`id`);--> statement-breakpoint
CREATE TABLE `saved_replies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `ideas` ADD `merged_into_id` integer;--> statement-breakpoint
ALTER TABLE `ideas` ADD `source` text;--> statement-breakpoint
ALTER TABLE `ideas` ADD `recorded_by` text;--> statement-breakpoint
CREATE INDEX `ideas_waiting_idx` ON `ideas` (`created_at`) WHERE "ideas"."first_response_at" IS NULL AND "ideas"."withdrawn_at" IS NULL AND "ideas"."status" <> 'merged';--> statement-breakpoint
CREATE INDEX `ideas_group_waiting_idx` ON `ideas` (`group_id`,`created_at`) WHERE "ideas"."first_response_at" IS NULL AND "ideas"."withdrawn_at" IS NULL AND "ideas"."status" <> 'merged';--> statement-breakpoint
ALTER TABLE `users` ADD `email_status` text DEFAULT 'immediately' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `email_replies` text DEFAULT 'immediately' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `email_mentions` text DEFAULT 'immediately' NOT NULL;