DROP INDEX `outbox_due`;--> statement-breakpoint
CREATE INDEX `outbox_unsent` ON `outbox` (`contact_key`,`id`) WHERE status IN ('queued', 'sending');--> statement-breakpoint
DROP INDEX `inbound_pending`;--> statement-breakpoint
CREATE INDEX `inbound_pending` ON `inbound` (`contact_key`,`id`) WHERE status = 'pending';