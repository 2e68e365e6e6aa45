/**
 * Plain SQL for the WhatsApp hot path, under drizzle.
 *
 * Why not `db.transaction()`: with an embedded file every statement is a
 * synchronous call, and a write that meets another connection's open
 * transaction busy-waits on the event loop, so an interactive transaction
 * (which awaits between statements) can stall the whole process. A batch
 * runs BEGIN IMMEDIATE … COMMIT in one call: atomic, and nothing of this
 * process can interleave with it.
 *
 * Group commit: the write batches that callers submit while the previous
 * commit runs (webhooks arriving together, turns finishing together, replies
 * sent together) are committed as ONE transaction, so one commit, not one
 * per caller, pays the journal write (and, with synchronous=FULL, the
 * fsync). The group runs first as one plain transaction; only if one of its
 * statements fails is it rolled back and run again with a SAVEPOINT per
 * caller, so a caller's failing statement undoes only its own work. Each
 * caller is answered only after the shared COMMIT, so "stored before the
 * 200" holds.
 *
 * Durable or not: a write is fsynced before its caller is answered
 * (`synchronous = FULL` for that commit) unless the caller says
 * `{ durable: false }`. The hot path's own bookkeeping says so — claims,
 * leases, a turn's result, a reply marked sent, the call log — because an
 * fsync costs this machine 185 µs of CPU and 400 µs of a blocked thread
 * (20 µs without), and those commits outnumber the webhooks' four to one.
 * They still survive a killed process (the WAL is in the OS's cache) and
 * reach the disk with the next durable commit, the WAL being written in
 * order; a power cut can only undo the last moment's bookkeeping, so a
 * turn runs again and its replies may go out twice, while every
 * acknowledged webhook is on disk (SECURITY.md, "Durability").
 *
 * For an embedded file the statements run on a connection of our own with
 * prepared statements kept for reuse (the hot path repeats a dozen SQL
 * texts); a remote libSQL server gets the client's `batch`.
 */
import type { Client, InArgs, InStatement } from "@libsql/client";
import Database from "libsql";
import { setImmediate } from "node:timers";
import { dropState, stateOf } from "./cache.ts";
import type { Db } from "./client.ts";

/** A row by column name. */
export type Row = Record<string, unknown>;

/** What a statement of a batch answered. */
export interface Result {
  rows: Row[];
  rowsAffected: number;
}

/** The libSQL client drizzle wraps. */
export function sqlClient(db: Db): Client {
  return (db as unknown as { $client: Client }).$client;
}

interface Pending {
  statements: InStatement[];
  /** fsynced before it is answered. */
  durable: boolean;
  resolve(results: Result[]): void;
  reject(error: unknown): void;
}

/** How a database runs a group of callers' statements and reads. */
interface Engine {
  commit(group: Pending[]): Promise<void>;
  /** WAL fdatasyncs made so far (embedded file only). */
  syncs?(): number;
  query(sql: string, args: unknown[]): Promise<Row[]>;
  close(): void;
}

/** Most statements in one shared commit: a long commit would delay everyone behind it. */
const MAX_GROUP_STATEMENTS = 2000;
/** Prepared statements kept per connection. */
const MAX_PREPARED = 256;

/** Where a database keeps its engine: on the `Db` itself, with its caches (db/cache.ts). */
const ENGINE = "batch engine";
type Registered = { engine: Engine; write(statements: InStatement[], durable: boolean): Promise<Result[]> };

/**
 * Runs this database's batches on a connection of our own to the embedded
 * file `path` (called by openDb; remote databases use the client instead).
 */
export function useLocalFile(db: Db, path: string, options: { busyTimeoutMs: number }): void {
  dropState(db, ENGINE);
  stateOf(db, ENGINE, () => groupOf(localEngine(path, options.busyTimeoutMs)));
}

/** Closes the connection useLocalFile opened. */
export function closeBatches(db: Db): void {
  dropState<Registered>(db, ENGINE)?.engine.close();
}

/** How a write is committed. */
export interface WriteOptions {
  /**
   * fsync before answering (default true): false only for bookkeeping that
   * may be redone after a power cut (see above); a killed process loses
   * neither.
   */
  durable?: boolean;
}

/** The hot path's bookkeeping (claims, leases, turns, sent marks, the call log): not fsynced on its own. */
export const BOOKKEEPING: WriteOptions = { durable: false };

/** Runs the statements in one write transaction, all or nothing, committed together with concurrent callers. */
export async function writeBatch(
  db: Db,
  statements: InStatement[],
  options: WriteOptions = {},
): Promise<Result[]> {
  if (statements.length === 0) return [];
  return await engineOf(db).write(statements, options.durable ?? true);
}

/** Runs one statement and answers its rows. */
export async function queryRows(db: Db, sql: string, args: InArgs = []): Promise<Row[]> {
  return await engineOf(db).engine.query(sql, args as unknown[]);
}

function engineOf(db: Db) {
  return stateOf(db, ENGINE, () => groupOf(clientEngine(sqlClient(db))));
}

function groupOf(engine: Engine): Registered {
  return { engine, write: groupCommitter(engine) };
}

function groupCommitter(engine: Engine): Registered["write"] {
  const queue: Pending[] = [];
  let scheduled = false;
  const flush = async () => {
    while (queue.length > 0) {
      const group: Pending[] = [];
      let size = 0;
      while (
        queue.length > 0 && (group.length === 0 || size + queue[0].statements.length <= MAX_GROUP_STATEMENTS)
      ) {
        const next = queue.shift()!;
        size += next.statements.length;
        group.push(next);
      }
      await engine.commit(group).catch((error) => group.forEach((p) => p.reject(error)));
    }
    scheduled = false;
  };
  return (statements, durable) =>
    new Promise<Result[]>((resolve, reject) => {
      queue.push({ statements, durable, resolve, reject });
      if (scheduled) return;
      scheduled = true;
      // After this turn of the event loop's I/O poll, not a microtask: requests whose I/O is ready
      // join this commit. Not setTimeout(0), which waits for the next millisecond tick: 2.1 ms
      // measured, added to every commit, five of them on a message's way in and out.
      setImmediate(flush);
    });
}

function localEngine(path: string, busyTimeoutMs: number): Engine {
  const connection = new Database(path, { timeout: busyTimeoutMs });
  // Commits write the WAL without an fsync of their own (NORMAL); a durable caller is answered
  // after the WAL file's fdatasync, which runs on Deno's blocking pool (FsFile.syncData), not on
  // this thread: SQLite's own fsync (FULL) blocked the event loop 0.4 ms a commit on a quiet disk,
  // 4–8 ms on a busy one, with every webhook behind it waiting. One fdatasync covers every commit
  // before it, so the webhooks of consecutive commits share it too. Without WAL (a file system
  // that cannot share memory), SQLite syncs each commit itself.
  const wal = String(Object.values(connection.prepare("PRAGMA journal_mode").get() as Row)[0]) === "wal";
  connection.exec(`PRAGMA synchronous = ${wal ? "NORMAL" : "FULL"}`);
  const syncer = wal ? walSyncer(`${path}-wal`) : undefined;
  /** Answers the group's callers: the bookkeeping at once, the durable ones once on disk. */
  const settle = (group: Pending[], outcomes: ((() => void) | undefined)[]) => {
    const durable: (() => void)[] = [];
    group.forEach((p, i) => {
      const answer = outcomes[i];
      if (!answer) return;
      if (p.durable && syncer) durable.push(answer);
      else answer();
    });
    if (durable.length === 0) return;
    syncer!.sync().then(
      () => durable.forEach((answer) => answer()),
      (error) =>
        group.forEach((p) => p.durable && p.reject(new Error(`Cannot sync the database to disk: ${error}`))),
    );
  };
  const prepared = new Map<string, ReturnType<typeof connection.prepare>>();
  const statementFor = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) {
      if (prepared.size >= MAX_PREPARED) prepared.clear();
      prepared.set(sql, statement = connection.prepare(sql));
    }
    return statement;
  };
  const run = (s: InStatement): Result => {
    const { sql, args } = typeof s === "string" ? { sql: s, args: [] } : s;
    const statement = statementFor(sql);
    const values = (Array.isArray(args) ? args : args ? Object.values(args) : []).map(toSql);
    if (statement.reader) return { rows: statement.all(values) as Row[], rowsAffected: 0 };
    return { rows: [], rowsAffected: Number(statement.run(values).changes) };
  };
  const savepoint = connection.prepare("SAVEPOINT caller");
  const release = connection.prepare("RELEASE caller");
  /** Runs the whole group in one transaction; answers the error (and wrote nothing) when a statement failed. */
  const commitTogether = (group: Pending[]): { failed: unknown } | undefined => {
    const results: Result[][] = [];
    connection.exec("BEGIN IMMEDIATE");
    try {
      for (const p of group) results.push(p.statements.map(run));
    } catch (error) {
      connection.exec("ROLLBACK");
      return { failed: error };
    }
    try {
      connection.exec("COMMIT");
    } catch (error) {
      if (connection.inTransaction) connection.exec("ROLLBACK");
      throw error;
    }
    settle(group, group.map((p, i) => () => p.resolve(results[i])));
  };
  return {
    commit(group) {
      // Optimistic first: one transaction, no savepoints (two statements per caller saved); a
      // statement failing is rare, and then the group runs again with a savepoint per caller.
      const optimistic = commitTogether(group);
      if (!optimistic) return Promise.resolve();
      if (group.length === 1) {
        group[0].reject(optimistic.failed);
        return Promise.resolve();
      }
      const outcomes: ((() => void) | undefined)[] = [];
      const failures: (() => void)[] = [];
      connection.exec("BEGIN IMMEDIATE");
      try {
        for (const p of group) {
          savepoint.run();
          try {
            const results = p.statements.map(run);
            release.run();
            outcomes.push(() => p.resolve(results));
            failures.push(() => {});
          } catch (error) {
            connection.exec("ROLLBACK TO caller");
            release.run();
            // A failed caller wrote nothing: it hears so at once.
            outcomes.push(undefined);
            failures.push(() => p.reject(error));
          }
        }
        connection.exec("COMMIT");
      } catch (error) {
        if (connection.inTransaction) connection.exec("ROLLBACK");
        throw error;
      }
      failures.forEach((fail) => fail());
      settle(group, outcomes);
      return Promise.resolve();
    },
    query(sql, args) {
      return Promise.resolve(run({ sql, args: args as InArgs }).rows);
    },
    close() {
      prepared.clear();
      syncer?.close();
      connection.close();
    },
    syncs: () => syncer?.count ?? 0,
  };
}

function clientEngine(client: Client): Engine {
  const toResult = (r: { rows: unknown[]; rowsAffected: number }): Result => ({
    rows: r.rows as Row[],
    rowsAffected: r.rowsAffected,
  });
  return {
    async commit(group) {
      if (group.length > 1) {
        try {
          const results = (await client.batch(group.flatMap((p) => p.statements), "write")).map(toResult);
          let offset = 0;
          for (const p of group) p.resolve(results.slice(offset, offset += p.statements.length));
          return;
        } catch {
          // One caller's statement rolled back the shared commit: commit each caller alone.
        }
      }
      for (const p of group) {
        await client.batch(p.statements, "write").then((r) => p.resolve(r.map(toResult)), p.reject);
      }
    },
    async query(sql, args) {
      return (await client.execute({ sql, args: args as InArgs })).rows as unknown as Row[];
    },
    close() {},
  };
}

/** libSQL binds booleans as 0/1 and undefined as NULL, like the client does. */
function toSql(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/**
 * fdatasync of the WAL file, off the event loop: `sync()` resolves once
 * everything committed before the call is on disk. Calls that arrive while
 * a sync runs share the next one.
 */
function walSyncer(walPath: string) {
  let file: Deno.FsFile | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const state = {
    count: 0,
    sync(): Promise<void> {
      if (!running) {
        running = (async () => {
          file ??= await Deno.open(walPath, { read: true });
          await file.syncData();
          state.count++;
        })().finally(() => running = undefined);
        return running;
      }
      next ??= running.catch(() => {}).then(() => {
        next = undefined;
        return state.sync();
      });
      return next;
    },
    close() {
      file?.close();
      file = undefined;
    },
  };
  return state;
}

/** How many times the WAL was synced to disk for durable writes (tests; 0 for a remote database). */
export function durableSyncs(db: Db): number {
  return engineOf(db).engine.syncs?.() ?? 0;
}
