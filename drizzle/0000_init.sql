CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor_id` integer,
	`actor_email` text NOT NULL,
	`actor_role` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`outcome` text NOT NULL,
	`intent_seq` integer,
	`ip` text,
	`details` text DEFAULT '{}' NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	CONSTRAINT "audit_log_outcome_known" CHECK("audit_log"."outcome" IN ('requested', 'succeeded', 'failed', 'unknown', 'denied', 'info')),
	CONSTRAINT "audit_log_at_iso" CHECK(at IS NULL OR (length(at) = 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')),
	CONSTRAINT "audit_log_intent_before" CHECK("audit_log"."intent_seq" IS NULL OR "audit_log"."intent_seq" < "audit_log"."seq"),
	CONSTRAINT "audit_log_hashes_hex" CHECK(length("audit_log"."hash") = 64 AND length("audit_log"."prev_hash") = 64)
);
--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_email_idx` ON `audit_log` (`actor_email`);--> statement-breakpoint
CREATE INDEX `audit_log_target_idx` ON `audit_log` (`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_intent_seq_idx` ON `audit_log` (`intent_seq`);--> statement-breakpoint
CREATE INDEX `audit_log_requested_idx` ON `audit_log` (`seq`) WHERE outcome = 'requested';--> statement-breakpoint
CREATE TABLE `batches` (
	`id` integer PRIMARY KEY NOT NULL,
	`sectigo_batch_id` integer,
	`kind` text NOT NULL,
	`authority_id` integer,
	`profile_id` integer,
	`profile_name` text,
	`batch_name` text NOT NULL,
	`common_name` text,
	`dns_names` text,
	`status` text,
	`state` text DEFAULT 'submitted' NOT NULL,
	`reject_reason` text,
	`size` integer,
	`active` integer,
	`success` integer,
	`failed` integer,
	`pkcs12_password_enc` text,
	`created_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`last_checked_at` text,
	`next_check_at` text,
	`downloaded_at` text,
	`indexed_at` text,
	`last_error` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "batches_kind_known" CHECK("batches"."kind" IN ('single', 'csr')),
	CONSTRAINT "batches_state_known" CHECK("batches"."state" IN ('submitted', 'processing', 'ready', 'downloaded', 'indexed', 'rejected', 'errored', 'unknown'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batches_sectigo_batch_id_unique` ON `batches` (`sectigo_batch_id`);--> statement-breakpoint
CREATE INDEX `batches_state_next_check_idx` ON `batches` (`state`,`next_check_at`);--> statement-breakpoint
CREATE INDEX `batches_created_at_idx` ON `batches` (`created_at`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY NOT NULL,
	`serial` text NOT NULL,
	`common_name` text NOT NULL,
	`sans` text DEFAULT '' NOT NULL,
	`subject_dn` text,
	`issuer_dn` text,
	`not_before` text,
	`not_after` text,
	`profile_id` integer,
	`profile_name` text,
	`batch_id` integer,
	`status` text DEFAULT 'valid' NOT NULL,
	`source` text NOT NULL,
	`sectigo_status` text,
	`pem` text,
	`chain_pem` text,
	`fingerprint_sha256` text,
	`key_algorithm` text,
	`key_size` integer,
	`revoked_at` text,
	`revocation_reason` integer,
	`revoked_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "certificates_serial_hex" CHECK("certificates"."serial" <> '' AND "certificates"."serial" NOT GLOB '*[^0-9A-F]*'),
	CONSTRAINT "certificates_status_known" CHECK("certificates"."status" IN ('valid', 'revoked')),
	CONSTRAINT "certificates_source_known" CHECK("certificates"."source" IN ('batch', 'find', 'import')),
	CONSTRAINT "certificates_not_before_iso" CHECK(not_before IS NULL OR (length(not_before) = 24 AND not_before GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')),
	CONSTRAINT "certificates_not_after_iso" CHECK(not_after IS NULL OR (length(not_after) = 24 AND not_after GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')),
	CONSTRAINT "certificates_reason_code" CHECK("certificates"."revocation_reason" IS NULL OR ("certificates"."revocation_reason" BETWEEN 0 AND 10 AND "certificates"."revocation_reason" <> 7))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_serial_unique` ON `certificates` (`serial`);--> statement-breakpoint
CREATE INDEX `certificates_not_after_idx` ON `certificates` (`not_after`);--> statement-breakpoint
CREATE INDEX `certificates_common_name_idx` ON `certificates` (`common_name`);--> statement-breakpoint
CREATE INDEX `certificates_batch_id_idx` ON `certificates` (`batch_id`);--> statement-breakpoint
CREATE INDEX `certificates_status_idx` ON `certificates` (`status`,`not_after`);--> statement-breakpoint
CREATE INDEX `certificates_profile_id_idx` ON `certificates` (`profile_id`);--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`at` text NOT NULL,
	`success` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_attempts_key_at_idx` ON `login_attempts` (`key`,`at`);--> statement-breakpoint
CREATE INDEX `login_attempts_at_idx` ON `login_attempts` (`at`);--> statement-breakpoint
CREATE TABLE `revocations` (
	`id` integer PRIMARY KEY NOT NULL,
	`serial` text NOT NULL,
	`reason_code` integer NOT NULL,
	`requested_by` integer,
	`requested_at` text NOT NULL,
	`outcome` text DEFAULT 'pending' NOT NULL,
	`completed_at` text,
	`error` text,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "revocations_outcome_known" CHECK("revocations"."outcome" IN ('pending', 'succeeded', 'failed', 'unknown')),
	CONSTRAINT "revocations_reason_code" CHECK("revocations"."reason_code" BETWEEN 0 AND 10 AND "revocations"."reason_code" <> 7)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `revocations_one_active_uq` ON `revocations` (`serial`) WHERE outcome IN ('pending', 'succeeded');--> statement-breakpoint
CREATE INDEX `revocations_serial_idx` ON `revocations` (`serial`,`requested_at`);--> statement-breakpoint
CREATE INDEX `revocations_requested_at_idx` ON `revocations` (`requested_at`);--> statement-breakpoint
CREATE TABLE `sectigo_tokens` (
	`id` integer PRIMARY KEY NOT NULL,
	`endpoint` text NOT NULL,
	`username` text NOT NULL,
	`access_token_enc` text,
	`refresh_token_enc` text,
	`subject` text,
	`issued_at` text,
	`expires_at` text,
	`not_before` text,
	`refresh_by` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sectigo_tokens_endpoint_username_uq` ON `sectigo_tokens` (`endpoint`,`username`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`ended_at` text,
	`end_reason` text,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`,`ended_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`session_epoch` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`last_login_at` text,
	CONSTRAINT "users_email_lower" CHECK("users"."email" = lower("users"."email")),
	CONSTRAINT "users_role_known" CHECK("users"."role" IN ('admin', 'operator', 'support', 'auditor'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);