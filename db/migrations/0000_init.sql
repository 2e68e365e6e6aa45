CREATE TABLE `api_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`api_id` integer,
	`api_name` text NOT NULL,
	`source` text NOT NULL,
	`method` text NOT NULL,
	`url` text NOT NULL,
	`status` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`size` integer NOT NULL,
	`excerpt` text DEFAULT '' NOT NULL,
	`error` text,
	`bot_id` integer,
	`contact_id` integer
);
--> statement-breakpoint
CREATE INDEX `api_calls_at` ON `api_calls` (`at`);--> statement-breakpoint
CREATE INDEX `api_calls_api` ON `api_calls` (`api_id`,`at`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `apis` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`method` text NOT NULL,
	`url` text NOT NULL,
	`query` text DEFAULT '[]' NOT NULL,
	`headers` text DEFAULT '[]' NOT NULL,
	`body` text DEFAULT 'null' NOT NULL,
	`auth_enc` text DEFAULT '{"type":"none"}' NOT NULL,
	`timeout_ms` integer DEFAULT 10000 NOT NULL,
	`retry_attempts` integer DEFAULT 0 NOT NULL,
	`mappings` text DEFAULT '[]' NOT NULL,
	`test_values` text DEFAULT '{}' NOT NULL,
	`sample_body` text,
	`sample_status` integer,
	`seen_statuses` text DEFAULT '[]' NOT NULL,
	`last_test_status` integer,
	`last_test_at` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `apis_name_unique` ON `apis` (`name`);--> statement-breakpoint
CREATE TABLE `attributes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`default_value` text,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attributes_name_unique` ON `attributes` (`name`);--> statement-breakpoint
CREATE TABLE `bot_versions` (
	`bot_id` integer NOT NULL,
	`version` integer NOT NULL,
	`flow` text NOT NULL,
	`published_by` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`bot_id`, `version`),
	FOREIGN KEY (`bot_id`) REFERENCES `bots`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `bots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`draft_flow` text NOT NULL,
	`session_timeout_ms` integer DEFAULT 86400000 NOT NULL,
	`published_version` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text DEFAULT 'whatsapp' NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`bot_id` integer NOT NULL,
	`phone_number_id` text NOT NULL,
	`access_token_enc` text NOT NULL,
	`app_secret_enc` text NOT NULL,
	`verify_token` text NOT NULL,
	`health` text DEFAULT 'ok' NOT NULL,
	`health_detail` text,
	`last_webhook_at` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`bot_id`) REFERENCES `bots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`wa_id` text,
	`user_id` text,
	`name` text DEFAULT '' NOT NULL,
	`attributes` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_key_unique` ON `contacts` (`key`);--> statement-breakpoint
CREATE INDEX `contacts_wa_id` ON `contacts` (`wa_id`);--> statement-breakpoint
CREATE INDEX `contacts_user_id` ON `contacts` (`user_id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`contact_id` integer NOT NULL,
	`bot_id` integer NOT NULL,
	`state` text NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`contact_id`, `bot_id`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`bot_id`) REFERENCES `bots`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `inbound` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`message_id` text NOT NULL,
	`contact_key` text NOT NULL,
	`event` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`received_at` integer NOT NULL,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_message_id_unique` ON `inbound` (`message_id`);--> statement-breakpoint
CREATE INDEX `inbound_pending` ON `inbound` (`status`,`contact_key`,`id`);--> statement-breakpoint
CREATE INDEX `inbound_contact` ON `inbound` (`contact_key`,`id`);--> statement-breakpoint
CREATE TABLE `login_failures` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`first_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`contact_key` text NOT NULL,
	`inbound_id` integer,
	`seq` integer DEFAULT 0 NOT NULL,
	`message` text NOT NULL,
	`recipient` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`wa_message_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`error_code` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`status_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_reply` ON `outbox` (`inbound_id`,`seq`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_contact` ON `outbox` (`contact_key`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_wamid` ON `outbox` (`wa_message_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `turns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` integer NOT NULL,
	`bot_id` integer NOT NULL,
	`inbound_id` integer,
	`trace` text NOT NULL,
	`changes` text DEFAULT '{}' NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `turns_contact` ON `turns` (`contact_id`,`at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `webhook_errors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`code` integer,
	`title` text NOT NULL,
	`detail` text,
	`at` integer NOT NULL
);
