/** The URL rule of an API (DESIGN §4): absolute http(s), placeholders only after the host. */
import { placeholderPattern } from "./placeholders.ts";
import { splitUrlTemplate } from "./template_url.ts";

/** Why an API URL template is refused, or null. */
export function urlProblem(url: string): string | null {
  const parts = splitUrlTemplate(url);
  if ("error" in parts) return parts.error[0].toUpperCase() + parts.error.slice(1);
  try {
    const probe = new URL(url.trim().replace(placeholderPattern(), "x"));
    if (probe.hostname === "") return "The URL needs a host after //";
  } catch {
    return `The URL "${url}" is not valid`;
  }
  return null;
}
