-- A merge remembers what it moved, so staff can undo it (within 30 days) exactly: the source idea's previous
-- status and first-response time, and every vote and follow of the source with whether it moved to the target
-- (moved = 1) or the target already had that person's (moved = 0). Undoing gives the source back its rows and
-- takes from the target exactly the moved ones. Merges made before this migration recorded nothing and cannot be
-- undone.
CREATE TABLE `idea_merges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` text NOT NULL,
	`from_idea_id` integer NOT NULL,
	`into_idea_id` integer NOT NULL,
	`actor_id` text,
	`from_status` text NOT NULL,
	`from_first_response_at` integer,
	`created_at` integer NOT NULL,
	`undone_at` integer,
	`undone_by` text,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`from_idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`into_idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`undone_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `idea_merges_from_idx` ON `idea_merges` (`from_idea_id`,`id`);
--> statement-breakpoint
CREATE INDEX `idea_merges_into_idx` ON `idea_merges` (`into_idea_id`);
--> statement-breakpoint
CREATE TABLE `idea_merge_moves` (
	`merge_id` integer NOT NULL,
	`kind` text NOT NULL,
	`user_id` text NOT NULL,
	`moved` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`merge_id`, `kind`, `user_id`),
	FOREIGN KEY (`merge_id`) REFERENCES `idea_merges`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
