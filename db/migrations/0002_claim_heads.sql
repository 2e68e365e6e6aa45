ALTER TABLE `inbound` ADD `head` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `inbound` SET `head` = 1 WHERE `id` IN (SELECT min(`id`) FROM `inbound` WHERE status = 'pending' GROUP BY `contact_key`);--> statement-breakpoint
CREATE INDEX `inbound_head` ON `inbound` (`id`) WHERE status = 'pending' AND head = 1;--> statement-breakpoint
CREATE TRIGGER `inbound_head_insert` AFTER INSERT ON `inbound` WHEN new.status = 'pending'
BEGIN
  UPDATE inbound SET head = 1 WHERE id = new.id AND NOT EXISTS
    (SELECT 1 FROM inbound p WHERE p.contact_key = new.contact_key AND p.status = 'pending' AND p.id < new.id);
END;--> statement-breakpoint
CREATE TRIGGER `inbound_head_done` AFTER UPDATE OF status ON `inbound` WHEN old.status = 'pending' AND new.status <> 'pending'
BEGIN
  UPDATE inbound SET head = 1 WHERE id = (SELECT min(id) FROM inbound WHERE contact_key = old.contact_key AND status = 'pending');
END;--> statement-breakpoint
CREATE TRIGGER `inbound_head_delete` AFTER DELETE ON `inbound` WHEN old.status = 'pending'
BEGIN
  UPDATE inbound SET head = 1 WHERE id = (SELECT min(id) FROM inbound WHERE contact_key = old.contact_key AND status = 'pending');
END;--> statement-breakpoint
CREATE TRIGGER `inbound_head_move` AFTER UPDATE OF contact_key ON `inbound` WHEN old.contact_key <> new.contact_key
BEGIN
  UPDATE inbound SET head = (id = (SELECT min(id) FROM inbound WHERE contact_key = old.contact_key AND status = 'pending'))
    WHERE contact_key = old.contact_key AND status = 'pending';
  UPDATE inbound SET head = (id = (SELECT min(id) FROM inbound WHERE contact_key = new.contact_key AND status = 'pending'))
    WHERE contact_key = new.contact_key AND status = 'pending';
END;--> statement-breakpoint
ALTER TABLE `outbox` ADD `head` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `outbox` SET `head` = 1 WHERE `id` IN (SELECT min(`id`) FROM `outbox` WHERE status IN ('queued', 'sending') GROUP BY `contact_key`);--> statement-breakpoint
CREATE INDEX `outbox_head` ON `outbox` (`id`) WHERE status IN ('queued', 'sending') AND head = 1;--> statement-breakpoint
CREATE TRIGGER `outbox_head_insert` AFTER INSERT ON `outbox` WHEN new.status IN ('queued', 'sending')
BEGIN
  UPDATE outbox SET head = 1 WHERE id = new.id AND NOT EXISTS
    (SELECT 1 FROM outbox p WHERE p.contact_key = new.contact_key AND p.status IN ('queued', 'sending') AND p.id < new.id);
END;--> statement-breakpoint
CREATE TRIGGER `outbox_head_done` AFTER UPDATE OF status ON `outbox`
  WHEN old.status IN ('queued', 'sending') AND new.status NOT IN ('queued', 'sending')
BEGIN
  UPDATE outbox SET head = 1 WHERE id = (SELECT min(id) FROM outbox WHERE contact_key = old.contact_key AND status IN ('queued', 'sending'));
END;--> statement-breakpoint
CREATE TRIGGER `outbox_head_delete` AFTER DELETE ON `outbox` WHEN old.status IN ('queued', 'sending')
BEGIN
  UPDATE outbox SET head = 1 WHERE id = (SELECT min(id) FROM outbox WHERE contact_key = old.contact_key AND status IN ('queued', 'sending'));
END;--> statement-breakpoint
CREATE TRIGGER `outbox_head_move` AFTER UPDATE OF contact_key ON `outbox` WHEN old.contact_key <> new.contact_key
BEGIN
  UPDATE outbox SET head = (id = (SELECT min(id) FROM outbox WHERE contact_key = old.contact_key AND status IN ('queued', 'sending')))
    WHERE contact_key = old.contact_key AND status IN ('queued', 'sending');
  UPDATE outbox SET head = (id = (SELECT min(id) FROM outbox WHERE contact_key = new.contact_key AND status IN ('queued', 'sending')))
    WHERE contact_key = new.contact_key AND status IN ('queued', 'sending');
END;
