ALTER TABLE `webhook_endpoints` ADD `form_ids` text;--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD `headers` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD `disabled_reason` text;--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD `failing_since` integer;--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD `consecutive_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD `circuit_open_until` integer;--> statement-breakpoint
ALTER TABLE `webhook_messages` ADD `form_id` text;--> statement-breakpoint
ALTER TABLE `webhook_messages` ADD `lead_id` text;--> statement-breakpoint
CREATE INDEX `messages_lead` ON `webhook_messages` (`lead_id`);