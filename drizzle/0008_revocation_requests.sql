CREATE TABLE `revocation_requests` (
	`id` integer PRIMARY KEY NOT NULL,
	`serials` text NOT NULL,
	`reason_code` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`impact` text NOT NULL,
	`requested_by` integer NOT NULL,
	`requested_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`decided_by` integer,
	`decided_at` text,
	`decision_note` text,
	`result` text,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "revocation_requests_state_known" CHECK("revocation_requests"."state" IN ('pending', 'approved', 'rejected', 'withdrawn', 'expired', 'emergency', 'acknowledged')),
	CONSTRAINT "revocation_requests_reason_code" CHECK("revocation_requests"."reason_code" BETWEEN 0 AND 10 AND "revocation_requests"."reason_code" <> 7)
);
--> statement-breakpoint
CREATE INDEX `revocation_requests_state_idx` ON `revocation_requests` (`state`,`expires_at`);