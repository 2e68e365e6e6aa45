CREATE TABLE `api_samples` (
	`api_id` integer NOT NULL,
	`status` integer NOT NULL,
	`body` text NOT NULL,
	`saved_at` integer NOT NULL,
	PRIMARY KEY(`api_id`, `status`)
);
--> statement-breakpoint
INSERT INTO `api_samples` (`api_id`, `status`, `body`, `saved_at`)
	SELECT `id`, `sample_status`, `sample_body`, `updated_at` FROM `apis`
	WHERE `sample_body` IS NOT NULL AND `sample_status` IS NOT NULL;--> statement-breakpoint
ALTER TABLE `apis` DROP COLUMN `sample_body`;--> statement-breakpoint
ALTER TABLE `apis` DROP COLUMN `sample_status`;--> statement-breakpoint
ALTER TABLE `turns` ADD `version` integer;--> statement-breakpoint
CREATE TABLE `insight_counts` (
	`bot_id` integer NOT NULL,
	`kind` text NOT NULL,
	`hour` integer NOT NULL,
	`version` integer NOT NULL,
	`node` text NOT NULL,
	`key` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`bot_id`, `kind`, `hour`, `version`, `node`, `key`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `insight_marks` (
	`source` text PRIMARY KEY NOT NULL,
	`last_id` integer NOT NULL
);
