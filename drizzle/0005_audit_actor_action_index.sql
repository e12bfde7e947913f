DROP INDEX `audit_log_actor_email_idx`;--> statement-breakpoint
CREATE INDEX `audit_log_actor_action_idx` ON `audit_log` (`actor_email`,`action`);