/** A time for the pages: `2026-11-27 14:03` in UTC, or "never". */
export function formatTime(ms: number | null | undefined): string {
  if (!ms) return "never";
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}
