/**
 * Splits a pasted shell command into words the way bash would for the
 * quoting a "Copy as cURL" produces: `'…'`, `"…"`, `$'…'`, backslash
 * escapes and `\` line continuations. No variables or globbing.
 */

/** The words of `command`, or `{ error }` for an unclosed quote. */
export function shellWords(command: string): string[] | { error: string } {
  const text = command.replace(/\\\r?\n/g, " ").replace(/\^\r?\n/g, " ");
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  const append = (s: string) => (word = (word ?? "") + s);
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
      i++;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { error: "Unclosed single quote" };
      append(text.slice(i + 1, end));
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
        if (text[i] === "\\" && '"\\$`'.includes(text[i + 1])) i++;
        value += text[i++];
      }
      if (i >= text.length) return { error: "Unclosed double quote" };
      append(value);
      i++;
    } else if (ch === "\\") {
      append(text[i + 1] ?? "");
      i += 2;
    } else {
      append(ch);
      i++;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "0": "\0",
};

/** Reads bash's `$'…'` from `start` (after the quote) to its closing quote. */
function ansiC(
  text: string,
  start: number,
): { value: string; end: number } | null {
  let value = "";
  let i = start;
  while (i < text.length && text[i] !== "'") {
    if (text[i] !== "\\") {
      value += text[i++];
      continue;
    }
    const next = text[i + 1];
    const hex = /^(?:x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{4}))/.exec(
      text.slice(i + 1),
    );
    if (hex) {
      value += String.fromCharCode(parseInt(hex[1] ?? hex[2], 16));
      i += 1 + hex[0].length;
    } else {
      value += ESCAPES[next] ?? `\\${next}`;
      i += 2;
    }
  }
  return i < text.length ? { value, end: i + 1 } : null;
}
