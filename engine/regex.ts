/**
 * Regular expressions of condition rules (`matches`, DESIGN §5). They run on
 * RE2 (re2js, a pure-JS port), whose matching time is linear in the input:
 * a pattern like `^(\w+\s?)*$` cannot stall the one event-loop thread the
 * way a backtracking engine does. The price is RE2's syntax: backreferences
 * and lookarounds do not exist, so they are refused when the flow is saved.
 */
import { RE2JS } from "re2js";
import type { AttributeValues } from "./types.ts";
import { placeholderPattern } from "./placeholders.ts";
import { valueText } from "./template_url.ts";

/** Longest input a rule is matched against; past it the rule does not hold. */
export const MAX_MATCH_INPUT = 4096;

const CACHE_SIZE = 256;
const cache = new Map<string, RE2JS | string>();

/**
 * Whether `input` matches the rule value `template` (`pattern` or
 * `/pattern/flags`). Placeholders are inserted as literals (regex-escaped),
 * so a WhatsApp user's text cannot become pattern syntax. `{ error }` says
 * why the rule cannot hold (invalid pattern, input too long).
 */
export function testPattern(
  template: string,
  input: string,
  values: AttributeValues = {},
): { holds: boolean } | { error: string } {
  if (input.length > MAX_MATCH_INPUT) {
    return {
      error: `Cannot match "${template}": the value is longer than ${MAX_MATCH_INPUT} characters`,
    };
  }
  const source = template.replace(
    placeholderPattern(),
    (_, name: string) => RE2JS.quote(valueText(values, name)),
  );
  const regex = compileCached(source);
  if (typeof regex === "string") return { error: regex };
  return { holds: regex.matcher(input).find() };
}

/**
 * Why the rule value `template` is not a usable pattern, or null when it
 * is. Each placeholder is checked as the literal it will become.
 */
export function checkPattern(template: string): string | null {
  const regex = compile(template.replace(placeholderPattern(), "x"), template);
  return typeof regex === "string" ? regex : null;
}

function compileCached(source: string): RE2JS | string {
  let regex = cache.get(source);
  if (regex === undefined) {
    regex = compile(source, source);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, regex);
  }
  return regex;
}

/** `pattern` or `/pattern/flags` compiled, or an error message naming `shown`. */
function compile(source: string, shown: string): RE2JS | string {
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(source);
  const [pattern, flags] = literal ? [literal[1], literal[2]] : [source, ""];
  let bits = 0;
  for (const flag of flags) {
    if (flag === "i") bits |= RE2JS.CASE_INSENSITIVE;
    else if (flag === "m") bits |= RE2JS.MULTILINE;
    else if (flag === "s") bits |= RE2JS.DOTALL;
    // g, y, d, u and v change nothing for a yes/no test.
    else if (!"gyduv".includes(flag)) {
      return `Invalid regular expression "${shown}": unknown flag "${flag}"`;
    }
  }
  try {
    return RE2JS.compile(pattern, bits);
  } catch (error) {
    const detail = (error as Error).message.replace(/^error parsing regexp: /, "");
    const hint = /escape sequence: `\\[1-9k]|Perl syntax: `\(\?[=!<]/.test(detail)
      ? " (backreferences and lookarounds are not supported: rules use RE2 syntax, which matches in linear time)"
      : "";
    return `Invalid regular expression "${shown}": ${detail}${hint}`;
  }
}
