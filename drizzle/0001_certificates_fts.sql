-- Custom migration, created empty by `drizzle-kit generate --custom --name certificates_fts`
-- (the sanctioned way to add what Drizzle cannot declare: virtual tables and triggers).
--
-- Substring search over the certificate inventory: an FTS5 index with the trigram tokenizer
-- over common_name, sans and serial, with certificates as its external content and the
-- stable INTEGER PRIMARY KEY `id` as its rowid. Triggers keep it in sync; the update
-- trigger fires only when an indexed column changes, so status updates cost nothing here.
CREATE VIRTUAL TABLE `certificates_fts` USING fts5(
	common_name, sans, serial,
	content='certificates', content_rowid='id',
	tokenize='trigram'
);
--> statement-breakpoint
CREATE TRIGGER `certificates_fts_ai` AFTER INSERT ON `certificates` BEGIN
	INSERT INTO certificates_fts(rowid, common_name, sans, serial)
	VALUES (new.id, new.common_name, new.sans, new.serial);
END;
--> statement-breakpoint
CREATE TRIGGER `certificates_fts_ad` AFTER DELETE ON `certificates` BEGIN
	INSERT INTO certificates_fts(certificates_fts, rowid, common_name, sans, serial)
	VALUES ('delete', old.id, old.common_name, old.sans, old.serial);
END;
--> statement-breakpoint
CREATE TRIGGER `certificates_fts_au` AFTER UPDATE OF common_name, sans, serial ON `certificates` BEGIN
	INSERT INTO certificates_fts(certificates_fts, rowid, common_name, sans, serial)
	VALUES ('delete', old.id, old.common_name, old.sans, old.serial);
	INSERT INTO certificates_fts(rowid, common_name, sans, serial)
	VALUES (new.id, new.common_name, new.sans, new.serial);
END;
--> statement-breakpoint
INSERT INTO certificates_fts(certificates_fts) VALUES ('rebuild');
