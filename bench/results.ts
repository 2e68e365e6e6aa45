/**
 * bench/results/: the latest run as latest.json and each run under its
 * time, the oldest dropped past KEEP so the folder stays small (the README
 * quotes the figures that matter).
 */

const KEEP = 12;

/** Writes the run; answers its file's path relative to the repository. */
export async function saveResults(results: Record<string, unknown>): Promise<string> {
  const folder = new URL("./results/", import.meta.url);
  await Deno.mkdir(folder, { recursive: true });
  const at = new Date().toISOString();
  const name = `whatsapp-${at.replace(/[:.]/g, "-")}.json`;
  const json = JSON.stringify({ at, ...results }, null, 2) + "\n";
  await Deno.writeTextFile(new URL(name, folder), json);
  await Deno.writeTextFile(new URL("latest.json", folder), json);
  const runs = [...Deno.readDirSync(folder)].map((e) => e.name).filter((n) => /^whatsapp-.*\.json$/.test(n))
    .sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - KEEP))) await Deno.remove(new URL(old, folder));
  return `bench/results/${name}`;
}
