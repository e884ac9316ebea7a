-- The seam: commands write domain events in their own transaction; subscribers handle them after the commit.
CREATE TABLE `domain_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`group_id` text,
	`actor_id` text,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `domain_events_type_idx` ON `domain_events` (`type`,`id`);
--> statement-breakpoint
CREATE TABLE `event_cursors` (
	`subscriber` text PRIMARY KEY NOT NULL,
	`event_id` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `event_deliveries` (
	`subscriber` text NOT NULL,
	`event_id` integer NOT NULL,
	`recipient` text NOT NULL,
	PRIMARY KEY(`subscriber`, `event_id`, `recipient`)
) WITHOUT ROWID;
