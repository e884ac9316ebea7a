-- Search inside compound words: a second FTS5 index beside the word index (0006), of trigrams (three letters in a
-- row), so "lippu" also finds "Kausilippu" and "lippuautomaattiin". Case and accents folded as the word index folds
-- them. Contentless like the word index; the group lives in the rowid (kaiku_trigram_rowid: the group's slot
-- * 2^32 + the idea's id, db/fts.ts), so a query reads only its group's range of every posting list. Withdrawn
-- and merged ideas stay indexed, as in the word index: queries leave them out, and an unmerge needs no reindex.
CREATE VIRTUAL TABLE `ideas_trigram` USING fts5(title, body, content='', contentless_delete=1, tokenize="trigram remove_diacritics 1");
--> statement-breakpoint
-- In rowid order: FTS5 writes its pending terms out whenever a rowid is lower than the one before.
INSERT INTO `ideas_trigram` (rowid, title, body) SELECT r, title, body FROM (SELECT kaiku_trigram_rowid(group_id, id) AS r, title, body FROM `ideas`) ORDER BY r;
--> statement-breakpoint
CREATE TRIGGER `ideas_trigram_insert` AFTER INSERT ON `ideas` BEGIN
  INSERT INTO `ideas_trigram` (rowid, title, body) VALUES (kaiku_trigram_rowid(new.group_id, new.id), new.title, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `ideas_trigram_update` AFTER UPDATE OF group_id, title, body ON `ideas` BEGIN
  DELETE FROM `ideas_trigram` WHERE rowid = kaiku_trigram_rowid(old.group_id, old.id);
  INSERT INTO `ideas_trigram` (rowid, title, body) VALUES (kaiku_trigram_rowid(new.group_id, new.id), new.title, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `ideas_trigram_delete` AFTER DELETE ON `ideas` BEGIN
  DELETE FROM `ideas_trigram` WHERE rowid = kaiku_trigram_rowid(old.group_id, old.id);
END;
