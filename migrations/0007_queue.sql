-- The response queue at scale.
-- 1. Each group keeps the number of its ideas waiting for a first staff response (not withdrawn, not merged),
--    kept by triggers in the same transaction as every change, so the queue's totals are read, not counted:
--    how many are overdue is then the waiting ones minus the few still within the response target.
ALTER TABLE `groups` ADD `waiting_count` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE `groups` SET `waiting_count` = (SELECT count(*) FROM `ideas` WHERE `ideas`.`group_id` = `groups`.`id` AND `ideas`.`first_response_at` IS NULL AND `ideas`.`withdrawn_at` IS NULL AND `ideas`.`status` <> 'merged');
--> statement-breakpoint
CREATE TRIGGER `groups_waiting_count_insert` AFTER INSERT ON `ideas` WHEN new.first_response_at IS NULL AND new.withdrawn_at IS NULL AND new.status <> 'merged' BEGIN
  UPDATE `groups` SET `waiting_count` = `waiting_count` + 1 WHERE `id` = new.group_id;
END;
--> statement-breakpoint
CREATE TRIGGER `groups_waiting_count_update` AFTER UPDATE OF group_id, first_response_at, withdrawn_at, status ON `ideas` BEGIN
  UPDATE `groups` SET `waiting_count` = `waiting_count` - 1 WHERE `id` = old.group_id AND old.first_response_at IS NULL AND old.withdrawn_at IS NULL AND old.status <> 'merged';
  UPDATE `groups` SET `waiting_count` = `waiting_count` + 1 WHERE `id` = new.group_id AND new.first_response_at IS NULL AND new.withdrawn_at IS NULL AND new.status <> 'merged';
END;
--> statement-breakpoint
CREATE TRIGGER `groups_waiting_count_delete` AFTER DELETE ON `ideas` WHEN old.first_response_at IS NULL AND old.withdrawn_at IS NULL AND old.status <> 'merged' BEGIN
  UPDATE `groups` SET `waiting_count` = `waiting_count` - 1 WHERE `id` = old.group_id;
END;
--> statement-breakpoint
-- 2. A person's ideas in a group, newest first, read from the index and stopped after a few (the author's
--    context beside the composer, member profiles), instead of all of them read and sorted.
DROP INDEX `ideas_author_idx`;
--> statement-breakpoint
CREATE INDEX `ideas_author_idx` ON `ideas` (`author_id`,`group_id`,`created_at`);
