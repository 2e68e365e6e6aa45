/**
 * Turns a pasted curl command (an API's docs, a browser's "Copy as cURL")
 * into an API definition for the API editor: method, URL and query rows,
 * headers, body and auth. Every option of curl is known (curl_options.ts):
 * the ones that do not change the request are ignored with a note in
 * `warnings`; the ones that change it in a way Chatwire cannot express
 * refuse the import, so a request is never silently turned into another.
 */
import type { ApiDef } from "./types.ts";
import { shellCommands } from "./curl_import_words.ts";
import { type CurlOption, IGNORE_NOTES, longOption, REFUSE_NOTES, shortOption } from "./curl_option_notes.ts";
import { CURL_OPTIONS } from "./curl_options.ts";
import { applyOption, type CurlState, newState } from "./curl_import_options.ts";
import { buildApi } from "./curl_import_build.ts";

/** What an import gives: the API's fields, and what the admin should know. */
export interface CurlImport {
  api: Partial<ApiDef>;
  warnings: string[];
}

/** Parses a curl command; `{ error }` when it cannot be imported as it is. */
export function parseCurl(command: string): CurlImport | { error: string } {
  const refuse = (message: string) => ({ error: `Cannot import curl command: ${message}` });
  const commands = shellCommands(command.trim());
  if (!Array.isArray(commands)) return refuse(commands.error);
  const curls = commands.filter((c) => isCurl(c.words[0]));
  if (curls.length === 0) {
    return refuse(commands.length === 0 ? "it is empty" : "it does not start with curl");
  }
  if (curls.length > 1) {
    return refuse(`${curls.length} curl commands were pasted together: import them one at a time`);
  }
  const chosen = curls[0];
  const state = newState();
  const others = commands.filter((c) => c !== chosen).map((c) => c.words[0]);
  if (others.length > 0) {
    state.warnings.push(`Ignored the other commands pasted with curl: ${[...new Set(others)].join(", ")}`);
  }
  if (chosen.joined) {
    state.warnings.push(
      "Lines starting with an option were joined to the command, as if each line ended with \\",
    );
  }
  for (const redirect of chosen.redirects) state.warnings.push(`Ignored the shell redirection "${redirect}"`);
  for (const name of new Set(chosen.variables)) {
    state.warnings.push(
      name === "("
        ? "The command uses a command substitution $(…), kept as typed: put its output in its place"
        : `The command uses the shell variable $${name}, kept as typed: put its value (or a {{placeholder}}) in its place`,
    );
  }
  const problem = readWords(chosen.words.slice(1), state);
  if (problem) return refuse(problem);
  const built = buildApi(state);
  if ("error" in built) return refuse(built.error);
  for (const [note, flags] of state.ignored) {
    state.warnings.push(`Ignored ${[...flags].join(", ")}: ${IGNORE_NOTES[note]}`);
  }
  return { api: built.api, warnings: state.warnings };
}

function isCurl(word: string | undefined): boolean {
  return word !== undefined && /(^|[/\\])curl(\.exe)?$/i.test(word);
}

/** Reads curl's arguments into `state` as curl's own parser would; a message when refused. */
function readWords(words: string[], state: CurlState): string | undefined {
  let optionsEnded = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (optionsEnded || !word.startsWith("-") || word === "-") {
      state.urls.push(word);
      continue;
    }
    if (word === "--") {
      optionsEnded = true;
      continue;
    }
    if (word.startsWith("--")) {
      const problem = readLong(word, words[i + 1], state);
      if (typeof problem === "string") return problem;
      if (problem) i++;
      continue;
    }
    // Short options bundle ("-sSL"); one taking a value takes the rest of
    // the word ("-XPOST") or else the next word.
    for (let j = 1; j < word.length; j++) {
      const option = shortOption(word[j]);
      if (!option) return `unknown option -${word[j]} (in ${word})`;
      let value: string | undefined;
      if (option.takesValue) {
        value = j + 1 < word.length ? word.slice(j + 1) : words[++i];
        if (value === undefined) return `-${word[j]} needs a value`;
      }
      const problem = use(option, `-${word[j]}`, value, true, state);
      if (problem) return problem;
      if (option.takesValue) break;
    }
  }
}

/** Reads `--name`, `--name=value`, `--no-name`; true when it took `next`. */
function readLong(word: string, next: string | undefined, state: CurlState): string | boolean {
  let name = word.slice(2);
  let value: string | undefined;
  const eq = name.indexOf("=");
  if (eq > 0) [name, value] = [name.slice(0, eq), name.slice(eq + 1)];
  let on = true;
  let option = longOption(name);
  if (!option && name.startsWith("no-")) {
    option = longOption(name.slice(3));
    if (option && !option.boolean) return `${word} is not an option (--${name.slice(3)} is not a switch)`;
    on = false;
  }
  if (!option && name.startsWith("expand-") && longOption(name.slice(7))) {
    return `${word}: ${REFUSE_NOTES.variables}`;
  }
  if (!option) {
    const guesses = CURL_OPTIONS.filter(([long]) => long.startsWith(name)).map(([long]) => `--${long}`);
    const guess = guesses.length === 1 ? ` (curl takes full names only: ${guesses[0]}?)` : "";
    return `unknown option ${word}${guess}`;
  }
  let took = false;
  if (option.takesValue && value === undefined) {
    if (next === undefined) return `--${name} needs a value`;
    [value, took] = [next, true];
  }
  const problem = use(option, `--${option.long}`, value, on, state);
  return problem ?? took;
}

function use(
  option: CurlOption,
  flag: string,
  value: string | undefined,
  on: boolean,
  state: CurlState,
): string | undefined {
  if (option.handling === "refuse") return `${flag}: ${REFUSE_NOTES[option.note!]}`;
  if (option.handling === "ignore") {
    const flags = state.ignored.get(option.note!) ?? new Set<string>();
    state.ignored.set(option.note!, flags.add(flag));
    return;
  }
  return applyOption(option.long, { flag, value: value ?? "", on }, state);
}
