/** The URL rule of an API (DESIGN §4): absolute http(s), placeholders only after the host. */
import { placeholderPattern } from "./placeholders.ts";

/** Why an API URL template is refused, or null. */
export function urlProblem(url: string): string | null {
  const parts = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(url.trim());
  if (!parts) return "The URL must be absolute, starting with http:// or https://";
  if (/\{\{/.test(parts[1] + parts[2])) {
    return "Placeholders are not allowed in the scheme, host or port of a URL";
  }
  const scheme = parts[1].toLowerCase();
  if (scheme !== "http" && scheme !== "https") return `The URL must use http or https, not ${parts[1]}`;
  try {
    const probe = new URL(url.trim().replace(placeholderPattern(), "x"));
    if (probe.hostname === "") return "The URL needs a host";
  } catch {
    return `The URL "${url}" is not valid`;
  }
  return null;
}
