CREATE TABLE `oauth_tokens` (
	`key` text PRIMARY KEY NOT NULL,
	`api_name` text NOT NULL,
	`token_enc` text NOT NULL,
	`scope` text,
	`expires_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
