/**
 * Records what the real curl sends for every command of the corpus
 * (tests/fixtures/curl/commands.json) into tests/fixtures/curl/sent.json:
 * the reference the import test compares against. Each curl runs with its
 * words as the importer splits them (no shell, so nothing else runs), in an
 * empty temporary folder, with stdin empty, through a loopback "proxy" that
 * reads the raw HTTP/1.1 request (header order and duplicates kept) and
 * answers 200. https URLs are sent as http so the request can be read;
 * the scheme is recorded apart.
 *
 *   deno run -A bench/curl_record.ts [--curl /usr/bin/curl]
 */
import { shellCommands } from "../engine/curl_import_words.ts";
import { longOption, shortOption } from "../engine/curl_option_notes.ts";

interface Entry {
  id: string;
  command: string;
}

const dir = new URL("../tests/fixtures/curl/", import.meta.url);
const curlPath = Deno.args[Deno.args.indexOf("--curl") + 1] ?? "/usr/bin/curl";
const entries: Entry[] = JSON.parse(await Deno.readTextFile(new URL("commands.json", dir)));
const version =
  new TextDecoder().decode((await new Deno.Command(curlPath, { args: ["--version"] }).output()).stdout)
    .split("\n")[0];

let received: unknown[] = [];
const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const port = (listener.addr as Deno.NetAddr).port;
(async () => {
  for await (const conn of listener) handle(conn).catch(() => conn.close());
})();

const sent: Record<string, unknown> = {};
for (const entry of entries) {
  const commands = shellCommands(entry.command.trim());
  if (!Array.isArray(commands)) {
    sent[entry.id] = { shellError: commands.error, requests: [] };
    continue;
  }
  const runs = [];
  for (const command of commands.filter((c) => /(^|\/)curl$/.test(c.words[0]))) {
    received = [];
    const https: boolean[] = [];
    const args = urlsAsHttp(command.words.slice(1), https);
    const work = await Deno.makeTempDir();
    const run = await new Deno.Command(curlPath, {
      args: [
        "--proxy",
        `http://127.0.0.1:${port}`,
        "--noproxy",
        "",
        "-m",
        "5",
        "-s",
        "-S",
        "-o",
        "/dev/null",
        ...args,
      ],
      cwd: work,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
      env: { HOME: work, PATH: "/usr/bin:/bin" },
      clearEnv: true,
    }).output();
    await Deno.remove(work, { recursive: true });
    runs.push({
      exit: run.code,
      error: new TextDecoder().decode(run.stderr).split("\n").find((l) => l.startsWith("curl:")) ?? null,
      https: https.length > 0,
      requests: received,
    });
  }
  sent[entry.id] = { runs };
}
await Deno.writeTextFile(
  new URL("sent.json", dir),
  JSON.stringify({ curl: version, recordedWith: "bench/curl_record.ts", sent }, null, 1) + "\n",
);
console.log(JSON.stringify({ commands: entries.length, curl: version }));
listener.close();
Deno.exit(0);

/** The words with each URL (positional or --url's) turned from https:// into http://. */
function urlsAsHttp(words: string[], https: boolean[]): string[] {
  const out = [...words];
  const toHttp = (i: number) => {
    if (/^https:\/\//i.test(out[i] ?? "")) {
      https.push(true);
      out[i] = out[i].replace(/^https:\/\//i, "http://");
    }
  };
  let ended = false;
  for (let i = 0; i < out.length; i++) {
    const word = out[i];
    if (ended || !word.startsWith("-") || word === "-") toHttp(i);
    else if (word === "--") ended = true;
    else if (word.startsWith("--url=")) {
      out[i] = `--url=${word.slice(6).replace(/^https:\/\//i, () => (https.push(true), "http://"))}`;
    } else if (word.startsWith("--")) {
      const option = longOption(word.slice(2).split("=")[0]);
      if (option?.takesValue && !word.includes("=")) {
        if (option.long === "url") toHttp(i + 1);
        i++;
      }
    } else {
      for (let j = 1; j < word.length; j++) {
        if (shortOption(word[j])?.takesValue) {
          if (j === word.length - 1) i++;
          break;
        }
      }
    }
  }
  return out;
}

async function handle(conn: Deno.Conn) {
  let buffer: Uint8Array = new Uint8Array(0);
  const chunk = new Uint8Array(65536);
  const more = async () => {
    const n = await conn.read(chunk);
    if (n === null) return false;
    buffer = concat(buffer, chunk.subarray(0, n));
    return true;
  };
  while (true) {
    let end = indexOf(buffer, "\r\n\r\n");
    while (end < 0) {
      if (!(await more())) return conn.close();
      end = indexOf(buffer, "\r\n\r\n");
    }
    const head = new TextDecoder("latin1").decode(buffer.subarray(0, end)).split("\r\n");
    buffer = buffer.subarray(end + 4);
    const [method, target] = head[0].split(" ");
    const headers = head.slice(1).map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    });
    const header = (name: string) => headers.find(([k]) => k.toLowerCase() === name)?.[1];
    if (header("expect")?.toLowerCase() === "100-continue") {
      await conn.write(new TextEncoder().encode("HTTP/1.1 100 Continue\r\n\r\n"));
    }
    let body: Uint8Array = new Uint8Array(0);
    if (header("transfer-encoding")?.toLowerCase() === "chunked") {
      while (true) {
        let line = indexOf(buffer, "\r\n");
        while (line < 0 && await more()) line = indexOf(buffer, "\r\n");
        const size = parseInt(new TextDecoder().decode(buffer.subarray(0, line)), 16);
        while (buffer.length < line + 2 + size + 2 && await more());
        body = concat(body, buffer.subarray(line + 2, line + 2 + size));
        buffer = buffer.subarray(line + 2 + size + 2);
        if (size === 0) break;
      }
    } else {
      const length = Number(header("content-length") ?? 0);
      while (buffer.length < length && await more());
      body = buffer.slice(0, length);
      buffer = buffer.subarray(length);
    }
    const text = new TextDecoder("utf-8", { fatal: true });
    let bodyText: string | null = null;
    try {
      bodyText = text.decode(body);
    } catch {
      bodyText = null;
    }
    received.push({
      method,
      target,
      headers,
      ...(bodyText === null ? { bodyBase64: btoa(String.fromCharCode(...body)) } : { body: bodyText }),
    });
    await conn.write(
      new TextEncoder().encode("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"),
    );
    conn.close();
    return;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function indexOf(bytes: Uint8Array, text: string): number {
  const needle = new TextEncoder().encode(text);
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
