-- Custom migration, created empty by `drizzle-kit generate --custom --name audit_append_only`.
--
-- The audit log is append-only (lib/audit): the database itself refuses to change or remove
-- an entry, so no code path can do it by mistake. Someone with the file can still drop these
-- triggers; that is what the hash chain and its checkpoint detect (verifyAuditChain).
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted');
END;
