/**
 * Splits pasted shell text into commands and words the way a POSIX shell
 * (bash) would for what API docs and "Copy as cURL" produce: `'…'`, `"…"`,
 * `$'…'`, backslash escapes, backslash-newline continuations, `#` comments,
 * a leading `$ ` prompt and the separators `;`, `&&`, `||`, `|`, `&` and
 * newline. No variable expansion or globbing: `$NAME` stays as typed and is
 * reported, so that the importer can say so.
 */

/** One command of the pasted text: its words and the variables it names. */
export interface ShellCommand {
  words: string[];
  variables: string[];
  /** Redirections (`> out.json`, `< body.json`), kept to be reported. */
  redirects: string[];
  /** The separator that ended it (`|` means its output was piped on). */
  end: string;
  /** Lines starting with `-` joined to it although the line before had no `\`. */
  joined: boolean;
}

/** The commands of `text`, or `{ error }` for an unclosed quote. */
export function shellCommands(text: string): ShellCommand[] | { error: string } {
  if (/\^"/.test(text)) {
    return { error: 'This is a Windows cmd command (^" escapes): copy it as cURL (bash) instead' };
  }
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let variables: string[] = [];
  let redirects: string[] = [];
  let joined = false;
  let word: string | null = null;
  let lineStart = true;
  let i = 0;
  const append = (s: string) => (word = (word ?? "") + s);
  const endWord = () => {
    if (word !== null) words.push(word);
    word = null;
  };
  const endCommand = (end: string) => {
    endWord();
    if (words.length > 0) commands.push({ words, variables, redirects, end, joined });
    [words, variables, redirects, joined] = [[], [], [], false];
  };
  const variable = () => {
    const name = /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*|\(|[0-9])/.exec(text.slice(i));
    if (name) variables.push(name[1].replace(/[{}]/g, ""));
  };
  while (i < text.length) {
    const ch = text[i];
    if (lineStart && word === null && words.length === 0) {
      // A copied terminal prompt: "$ curl …" or "> curl …".
      const prompt = /^[ \t]*[$>%][ \t]+/.exec(text.slice(i));
      lineStart = false;
      if (prompt) {
        i += prompt[0].length;
        continue;
      }
    }
    if (ch === "\\" && text[i + 1] === "\n") i += 2;
    else if (ch === "\\" && text.startsWith("\r\n", i + 1)) i += 3;
    else if (ch === "^" && /^\^\r?\n/.test(text.slice(i)) && word === null) {
      i += text[i + 1] === "\r" ? 3 : 2; // cmd.exe's line continuation
    } else if (ch === "\n" && words.length > 0 && /^\n([ \t]*-|[ \t]+(?!curl\b)[^\s#])/.test(text.slice(i))) {
      // An option (or an indented line) next: the backslash ending the
      // line was lost in copying (docs pages often drop it); the shell would
      // run that line alone, which nobody meant.
      endWord();
      joined = true;
      i++;
    } else if (ch === "\n" || ch === ";" || ch === "&" || ch === "|") {
      const two = text.slice(i, i + 2);
      const end = two === "&&" || two === "||" ? two : ch;
      endCommand(end);
      i += end.length;
      lineStart = ch === "\n";
    } else if ((ch === "<" || ch === ">") && (word === null || /^[0-9]$/.test(word))) {
      const op = /^[<>&]+[ \t]*/.exec(text.slice(i))![0];
      const target = /^[^\s;&|]*/.exec(text.slice(i + op.length))![0];
      redirects.push(`${word ?? ""}${op.trim()} ${target}`.trim());
      word = null;
      i += op.length + target.length;
    } else if (/\s/.test(ch)) {
      endWord();
      i++;
    } else if (ch === "#" && word === null) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { error: "Unclosed single quote" };
      append(text.slice(i + 1, end)); // everything literal, newlines too
      i = end + 1;
    } else if (ch === "$" && text[i + 1] === "'") {
      const read = ansiC(text, i + 2);
      if (!read) return { error: "Unclosed $'…' quote" };
      append(read.value);
      i = read.end;
    } else if (ch === '"') {
      let value = "";
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && text[i + 1] === "\n") {
          i += 2; // removed inside double quotes, as POSIX says
          continue;
        }
        if (text[i] === "\\" && '"\\$`'.includes(text[i + 1])) i++;
        else if (text[i] === "$") variable();
        value += text[i++];
      }
      if (i >= text.length) return { error: "Unclosed double quote" };
      append(value);
      i++;
    } else if (ch === "\\" && i === text.length - 1) {
      i++; // a continuation with nothing after it
    } else if (ch === "\\") {
      append(text[i + 1] ?? "");
      i += 2;
    } else {
      if (ch === "$") variable();
      append(ch);
      i++;
    }
  }
  endCommand("");
  return commands;
}

/** The words of a single command (tests and simple callers). */
export function shellWords(command: string): string[] | { error: string } {
  const commands = shellCommands(command);
  if (!Array.isArray(commands)) return commands;
  return commands.flatMap((c) => c.words);
}

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  e: "\x1b",
  E: "\x1b",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

/** Reads bash's `$'…'` from `start` (after the quote) to its closing quote. */
function ansiC(
  text: string,
  start: number,
): { value: string; end: number } | null {
  let value = "";
  let bytes: number[] = []; // \xNN and octal escapes are bytes: "\xc3\xa9" is "é"
  const flush = () => {
    if (bytes.length > 0) value += utf8OrLatin1(bytes);
    bytes = [];
  };
  let i = start;
  while (i < text.length && text[i] !== "'") {
    if (text[i] !== "\\") {
      flush();
      value += text[i++];
      continue;
    }
    const next = text[i + 1];
    const code = /^(?:x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8})|([0-7]{1,3}))/
      .exec(text.slice(i + 1));
    const [hex, u4, u8, octal] = code?.slice(1) ?? [];
    if (hex !== undefined || octal !== undefined) {
      bytes.push(parseInt(hex ?? octal, hex !== undefined ? 16 : 8) & 0xff);
    } else {
      flush();
      value += code
        ? String.fromCodePoint(Math.min(parseInt(u4 ?? u8, 16), 0x10ffff))
        : ESCAPES[next] ?? `\\${next}`;
    }
    i += code ? 1 + code[0].length : 2;
  }
  flush();
  return i < text.length ? { value, end: i + 1 } : null;
}

function utf8OrLatin1(bytes: number[]): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return String.fromCharCode(...bytes);
  }
}
