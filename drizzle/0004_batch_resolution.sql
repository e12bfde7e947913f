ALTER TABLE `batches` ADD `create_input` text;--> statement-breakpoint
ALTER TABLE `batches` ADD `csr_text` text;--> statement-breakpoint
ALTER TABLE `batches` ADD `resolved_by_email` text;--> statement-breakpoint
ALTER TABLE `batches` ADD `resolved_at` text;--> statement-breakpoint
ALTER TABLE `batches` ADD `resolution_note` text;