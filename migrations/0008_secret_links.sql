-- Sign-in links out of stored e-mail bodies, and tables that no longer only grow.
-- 1. An e-mail with a reset, setup or invitation link keeps a placeholder in its body and the token encrypted
--    (AES-256-GCM, key from SESSION_SECRET) until it is sent or its link expires.
ALTER TABLE `email_outbox` ADD `link_secret` text;
--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `link_expires_at` integer;
--> statement-breakpoint
CREATE INDEX `email_outbox_link_idx` ON `email_outbox` (`link_expires_at`) WHERE `link_secret` IS NOT NULL;
--> statement-breakpoint
-- 2. The end of each rate-limit window, so finished windows can be purged whatever rule they belong to. Existing
--    rows get the longest window any rule uses (one hour).
ALTER TABLE `rate_limits` ADD `expires_at` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE `rate_limits` SET `expires_at` = `window_start` + 3600000;
--> statement-breakpoint
CREATE INDEX `rate_limits_expires_idx` ON `rate_limits` (`expires_at`);
--> statement-breakpoint
-- 3. Expired sessions and password tokens are purged in small batches, read from these indexes.
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);
--> statement-breakpoint
CREATE INDEX `password_tokens_expires_idx` ON `password_tokens` (`expires_at`);
