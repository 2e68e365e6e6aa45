import { eq } from "drizzle-orm";
import type { Db } from "./client.ts";
import { settings } from "./schema.ts";

/** Run-time settings admins change in the pages, with their defaults. */
export const SETTING_DEFAULTS = {
  /** Days an API call log entry is kept. */
  logRetentionDays: "14",
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;

export async function getSetting(db: Db, key: SettingKey): Promise<string> {
  const row = await db.query.settings.findFirst({ where: eq(settings.key, key) });
  return row?.value ?? SETTING_DEFAULTS[key];
}

export async function setSetting(db: Db, key: SettingKey, value: string): Promise<void> {
  await db.insert(settings).values({ key, value }).onConflictDoUpdate({
    target: settings.key,
    set: { value },
  });
}
