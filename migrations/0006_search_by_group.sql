-- The search index by group: every indexed word carries its group's key ("g<group id>_word", made by the
-- kaiku_fts_text function that each connection registers, db/fts.ts), so a query reads only its own group's
-- postings instead of intersecting index-wide word lists with a group token. Contentless as before
-- (rowid = ideas.id); "_" joins key and word into one token; accents and case are still folded.
DROP TRIGGER IF EXISTS `ideas_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `ideas_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `ideas_fts_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `ideas_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `ideas_fts` USING fts5(title, body, content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 2 tokenchars '_'");
--> statement-breakpoint
INSERT INTO `ideas_fts` (rowid, title, body) SELECT id, kaiku_fts_text(group_id, title), kaiku_fts_text(group_id, body) FROM `ideas`;
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_insert` AFTER INSERT ON `ideas` BEGIN
  INSERT INTO `ideas_fts` (rowid, title, body) VALUES (new.id, kaiku_fts_text(new.group_id, new.title), kaiku_fts_text(new.group_id, new.body));
END;
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_update` AFTER UPDATE OF title, body ON `ideas` BEGIN
  DELETE FROM `ideas_fts` WHERE rowid = old.id;
  INSERT INTO `ideas_fts` (rowid, title, body) VALUES (new.id, kaiku_fts_text(new.group_id, new.title), kaiku_fts_text(new.group_id, new.body));
END;
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_delete` AFTER DELETE ON `ideas` BEGIN
  DELETE FROM `ideas_fts` WHERE rowid = old.id;
END;
