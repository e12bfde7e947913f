CREATE TABLE `audit_checkpoints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`seq` integer NOT NULL,
	`head_hash` text NOT NULL,
	`at` text NOT NULL,
	`key_id` text NOT NULL,
	`signature` text NOT NULL,
	`public_key` text NOT NULL,
	CONSTRAINT "audit_checkpoints_at_iso" CHECK(at IS NULL OR (length(at) = 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')),
	CONSTRAINT "audit_checkpoints_hash_hex" CHECK(length("audit_checkpoints"."head_hash") = 64)
);
--> statement-breakpoint
CREATE INDEX `audit_checkpoints_seq_idx` ON `audit_checkpoints` (`seq`);
--> statement-breakpoint
-- Appended by hand: signed checkpoints are append-only like audit_log (drizzle/0002). Someone
-- with the file can still drop these triggers; a checkpoint kept outside the portal catches
-- that (docs/security.md S21).
CREATE TRIGGER `audit_checkpoints_no_update` BEFORE UPDATE ON `audit_checkpoints` BEGIN
	SELECT RAISE(ABORT, 'audit_checkpoints is append-only: checkpoints cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_checkpoints_no_delete` BEFORE DELETE ON `audit_checkpoints` BEGIN
	SELECT RAISE(ABORT, 'audit_checkpoints is append-only: checkpoints cannot be deleted');
END;
