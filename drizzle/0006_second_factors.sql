CREATE TABLE `recovery_codes` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `recovery_codes_user_idx` ON `recovery_codes` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `recovery_codes_hash_idx` ON `recovery_codes` (`user_id`,`code_hash`);--> statement-breakpoint
CREATE TABLE `user_factors` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	`confirmed_at` text,
	`last_used_at` text,
	`totp_secret_enc` text,
	`totp_last_step` integer,
	`credential_id` text,
	`public_key` text,
	`sign_count` integer,
	`transports` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "user_factors_kind_known" CHECK("user_factors"."kind" IN ('totp', 'passkey'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_factors_credential_id_unique` ON `user_factors` (`credential_id`);--> statement-breakpoint
CREATE INDEX `user_factors_user_idx` ON `user_factors` (`user_id`);--> statement-breakpoint
-- Hand-written in place of drizzle-kit's table rebuild (its copy named the new columns in the
-- old table): SQLite adds a column with a default and a CHECK in place.
ALTER TABLE `sessions` ADD `stage` text DEFAULT 'full' NOT NULL CONSTRAINT "sessions_stage_known" CHECK("stage" IN ('full', 'factor', 'enrol'));--> statement-breakpoint
ALTER TABLE `sessions` ADD `factor_at` text;
