CREATE TABLE `calendar_feeds` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`last_used_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_token_hash_unique` ON `calendar_feeds` (`token_hash`);--> statement-breakpoint
CREATE INDEX `calendar_feeds_user_idx` ON `calendar_feeds` (`user_id`);--> statement-breakpoint
CREATE TABLE `expiry_notices` (
	`serial` text NOT NULL,
	`threshold_days` integer NOT NULL,
	`notified_at` text NOT NULL,
	CONSTRAINT "expiry_notices_notified_at_iso" CHECK(notified_at IS NULL OR (length(notified_at) = 24 AND notified_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `expiry_notices_serial_threshold_uq` ON `expiry_notices` (`serial`,`threshold_days`);--> statement-breakpoint
CREATE TABLE `notes` (
	`id` integer PRIMARY KEY NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`body` text NOT NULL,
	`author_id` integer,
	`author_email` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "notes_subject_known" CHECK("notes"."subject_type" IN ('certificate', 'batch')),
	CONSTRAINT "notes_created_at_iso" CHECK(created_at IS NULL OR (length(created_at) = 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')),
	CONSTRAINT "notes_body_length" CHECK(length("notes"."body") BETWEEN 1 AND 4000)
);
--> statement-breakpoint
CREATE INDEX `notes_subject_idx` ON `notes` (`subject_type`,`subject_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `notice_deliveries` (
	`id` integer PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`serials` text NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_attempt_at` text,
	`next_attempt_at` text,
	`delivered_at` text,
	`server_answer` text,
	CONSTRAINT "notice_deliveries_channel_known" CHECK("notice_deliveries"."channel" IN ('email', 'webhook', 'portal')),
	CONSTRAINT "notice_deliveries_state_known" CHECK("notice_deliveries"."state" IN ('pending', 'delivered', 'failed')),
	CONSTRAINT "notice_deliveries_created_at_iso" CHECK(created_at IS NULL OR (length(created_at) = 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'))
);
--> statement-breakpoint
CREATE INDEX `notice_deliveries_created_at_idx` ON `notice_deliveries` (`created_at`);--> statement-breakpoint
CREATE INDEX `notice_deliveries_due_idx` ON `notice_deliveries` (`state`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `batches` ADD `reissue_of_serial` text;--> statement-breakpoint
CREATE INDEX `batches_reissue_of_idx` ON `batches` (`reissue_of_serial`) WHERE reissue_of_serial IS NOT NULL;--> statement-breakpoint
ALTER TABLE `certificates` ADD `replaces_serial` text;--> statement-breakpoint
CREATE INDEX `certificates_replaces_idx` ON `certificates` (`replaces_serial`) WHERE replaces_serial IS NOT NULL;--> statement-breakpoint
-- Appended by hand: notes are append-only like audit_log (drizzle/0002); a correction is a new note.
CREATE TRIGGER `notes_no_update` BEFORE UPDATE ON `notes` BEGIN
	SELECT RAISE(ABORT, 'notes are append-only: a note cannot be changed; add a new one');
END;
--> statement-breakpoint
CREATE TRIGGER `notes_no_delete` BEFORE DELETE ON `notes` BEGIN
	SELECT RAISE(ABORT, 'notes are append-only: a note cannot be deleted');
END;
