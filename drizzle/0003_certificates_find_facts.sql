ALTER TABLE `certificates` ADD `sectigo_created_at` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `sectigo_device_id` text;