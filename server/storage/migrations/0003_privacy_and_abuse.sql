CREATE TABLE `blocked_submissions` (
	`form_id` text NOT NULL,
	`day` text NOT NULL,
	`reason` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`form_id`, `day`, `reason`)
);
--> statement-breakpoint
CREATE TABLE `lead_consent_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lead_id` text NOT NULL,
	`consent_key` text NOT NULL,
	`granted` integer NOT NULL,
	`source` text NOT NULL,
	`note` text,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `consent_events_lead` ON `lead_consent_events` (`lead_id`);--> statement-breakpoint
CREATE TABLE `spent_challenges` (
	`signature` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `spent_challenges_expires` ON `spent_challenges` (`expires_at`);--> statement-breakpoint
ALTER TABLE `admin_keys` ADD `reveal` text;--> statement-breakpoint
ALTER TABLE `admin_keys` ADD `last_used_at` integer;--> statement-breakpoint
ALTER TABLE `leads` ADD `email` text;--> statement-breakpoint
CREATE INDEX `leads_email` ON `leads` (`email`);