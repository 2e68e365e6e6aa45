CREATE TABLE `webhook_unreadable` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`place` text NOT NULL,
	`reason` text NOT NULL,
	`excerpt` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_unreadable_channel` ON `webhook_unreadable` (`channel_id`,`id`);
