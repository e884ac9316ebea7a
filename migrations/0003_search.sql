-- Full-text search over ideas (title, body), scoped by a per-group token in the `grp` column so that a query
-- only ever walks one group's postings. Contentless (the text lives in `ideas`); rowid = ideas.id, which is an
-- INTEGER PRIMARY KEY and so never changes. Accents and case are folded (remove_diacritics 2).
CREATE VIRTUAL TABLE `ideas_fts` USING fts5(title, body, grp, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_insert` AFTER INSERT ON `ideas` BEGIN
  INSERT INTO `ideas_fts` (rowid, title, body, grp) VALUES (new.id, new.title, new.body, 'g' || new.group_id);
END;
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_update` AFTER UPDATE OF title, body ON `ideas` BEGIN
  DELETE FROM `ideas_fts` WHERE rowid = old.id;
  INSERT INTO `ideas_fts` (rowid, title, body, grp) VALUES (new.id, new.title, new.body, 'g' || new.group_id);
END;
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_delete` AFTER DELETE ON `ideas` BEGIN
  DELETE FROM `ideas_fts` WHERE rowid = old.id;
END;
