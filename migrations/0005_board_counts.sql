-- Each board keeps the number of its listed ideas (not withdrawn, not merged), so the board tabs and an
-- unfiltered board's total are read, not counted. Triggers keep it in the same transaction as every insert,
-- move, status change, withdrawal and delete of an idea, whichever code makes it.
ALTER TABLE `boards` ADD `idea_count` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE `boards` SET `idea_count` = (SELECT count(*) FROM `ideas` WHERE `ideas`.`board_id` = `boards`.`id` AND `ideas`.`withdrawn_at` IS NULL AND `ideas`.`status` <> 'merged');
--> statement-breakpoint
CREATE TRIGGER `boards_idea_count_insert` AFTER INSERT ON `ideas` WHEN new.withdrawn_at IS NULL AND new.status <> 'merged' BEGIN
  UPDATE `boards` SET `idea_count` = `idea_count` + 1 WHERE `id` = new.board_id;
END;
--> statement-breakpoint
CREATE TRIGGER `boards_idea_count_update` AFTER UPDATE OF board_id, status, withdrawn_at ON `ideas` BEGIN
  UPDATE `boards` SET `idea_count` = `idea_count` - 1 WHERE `id` = old.board_id AND old.withdrawn_at IS NULL AND old.status <> 'merged';
  UPDATE `boards` SET `idea_count` = `idea_count` + 1 WHERE `id` = new.board_id AND new.withdrawn_at IS NULL AND new.status <> 'merged';
END;
--> statement-breakpoint
CREATE TRIGGER `boards_idea_count_delete` AFTER DELETE ON `ideas` WHEN old.withdrawn_at IS NULL AND old.status <> 'merged' BEGIN
  UPDATE `boards` SET `idea_count` = `idea_count` - 1 WHERE `id` = old.board_id;
END;
--> statement-breakpoint
-- Counting a board's or a group's listed ideas under a filter (status) from the index alone, without reading rows.
CREATE INDEX `ideas_board_status_idx` ON `ideas` (`board_id`,`status`,`withdrawn_at`,`group_id`);
--> statement-breakpoint
CREATE INDEX `ideas_group_status_idx` ON `ideas` (`group_id`,`status`,`withdrawn_at`);
