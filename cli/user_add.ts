import * as v from "valibot";
import type { Db } from "../db/client.ts";
import { countUsers, createUser } from "../db/users.ts";
import { credentialsSchema } from "../security/credentials.ts";
import { hashPassword } from "../security/passwords.ts";

/**
 * `chatwire user add <email> [--role owner|editor] [--password-stdin]`:
 * the first user is always an owner.
 */
export async function userAdd(
  db: Db,
  args: { email: string; role?: string; password: string },
): Promise<string> {
  const parsed = v.safeParse(credentialsSchema, { email: args.email, password: args.password });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new Error(`Cannot add user: ${v.getDotPath(issue) ?? "input"}: ${issue.message}`);
  }
  const role = (await countUsers(db)) === 0 ? "owner" : args.role ?? "editor";
  if (role !== "owner" && role !== "editor") {
    throw new Error(`Cannot add user: role must be owner or editor, not "${role}"`);
  }
  const user = await createUser(db, {
    email: parsed.output.email,
    passwordHash: await hashPassword(parsed.output.password),
    role,
  });
  if (!user) throw new Error(`Cannot add user: ${parsed.output.email} already exists`);
  return `Added ${user.email} (${user.role})`;
}

/** Reads the password from stdin (piped) or asks for it on the terminal without echo. */
export async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !Deno.stdin.isTerminal()) {
    const text = await new Response(Deno.stdin.readable).text();
    return text.replace(/\r?\n$/, "");
  }
  const ask = async (label: string) => {
    await Deno.stdout.write(new TextEncoder().encode(label));
    Deno.stdin.setRaw(true);
    const chars: number[] = [];
    const buf = new Uint8Array(1);
    try {
      while ((await Deno.stdin.read(buf)) !== null) {
        const b = buf[0];
        if (b === 13 || b === 10) break;
        if (b === 3) throw new Error("Cancelled");
        if (b === 127 || b === 8) chars.pop();
        else chars.push(b);
      }
    } finally {
      Deno.stdin.setRaw(false);
      await Deno.stdout.write(new TextEncoder().encode("\n"));
    }
    return new TextDecoder().decode(new Uint8Array(chars));
  };
  const password = await ask("Password: ");
  if ((await ask("Repeat password: ")) !== password) {
    throw new Error("Cannot add user: the two passwords differ");
  }
  return password;
}
