import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { deserialize, serialize } from "node:v8";
import {
  checkStoredEvent,
  FIGURES,
  type FoldSnapshot,
  foldLedger,
  foldLedgerSaving,
  type IsoDate,
  type LedgerEvent,
  type LedgerState,
  resumeFold,
  suppliedYears,
} from "@megaroth/core/typed";
import Database from "better-sqlite3";
import { MEGAROTH_VERSION } from "../version.js";
import { FOLD_FORMAT } from "./fold-format.js";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "./migrations.js";
import { environmentError, LedgerStoreError } from "./store-errors.js";

/**
 * The ledger's storage: an embedded SQLite file that stores events and nothing else (state is a fold in
 * the core). WAL journal, synchronous=FULL, every write in one transaction. An edited or removed event's
 * earlier version is kept in `event_history` with the time of the change: nothing entered is ever lost.
 */

export { LedgerEnvironmentError, LedgerStoreError } from "./store-errors.js";

/** The id names no recorded event (never recorded, or already removed). */
export class LedgerEventNotFoundError extends LedgerStoreError {}

/** A recorded event that a change would leave impossible (or the changed event itself, when it does not fit). */
export interface EditProblem {
  readonly eventId: number;
  readonly event: LedgerEvent;
  /** The event's field the fold refused ("amount", "account", ...), or null for the whole event. */
  readonly field: string | null;
  readonly message: string;
}

/** An edit or removal refused because the resulting ledger would not fold cleanly; nothing was changed. */
export class LedgerEditRefusedError extends LedgerStoreError {
  constructor(
    message: string,
    readonly problems: readonly EditProblem[],
  ) {
    super(message);
  }
}

/** A superseded ("replaced") or removed version of an event, as it was before the change. */
export interface HistoryEntry {
  readonly eventId: number;
  readonly change: "replaced" | "removed";
  readonly event: LedgerEvent;
  readonly importId: number | null;
  /** When the change was made (ISO 8601, UTC), read from the storage's clock. */
  readonly changedAt: string;
}

/** `--db` wins, then MEGAROTH_DB, then $XDG_DATA_HOME/megaroth/ledger.sqlite, then ~/.local/share/megaroth/ledger.sqlite. */
export function defaultLedgerPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MEGAROTH_DB) return env.MEGAROTH_DB;
  const dataHome = env.XDG_DATA_HOME || join(homedir(), ".local", "share");
  return join(dataHome, "megaroth", "ledger.sqlite");
}

export interface StoredEvent {
  readonly id: number;
  readonly event: LedgerEvent;
}

/** JSON with keys sorted at every level, so one event always has one text (the unique key of `events.body`). */
export function canonicalJson(value: unknown): string {
  return flatCanonicalJson(value) ?? sortedJson(value);
}

/** Keys JSON.stringify (through Object.fromEntries) would put first whatever the sort: array-index-like names. */
const INDEX_LIKE = /^(0|[1-9]\d*)$/;

/**
 * `sortedJson` for what every event is — a plain object whose values are strings, numbers, booleans, null or
 * undefined, with no index-like key — written out directly (same text: keys sorted the same way, undefined
 * values left out, each key and value through JSON.stringify); null for anything else.
 */
function flatCanonicalJson(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  if (Object.getPrototypeOf(value) !== Object.prototype) return null;
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : 1));
  let out = "{";
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (v !== null && typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return null;
    if (INDEX_LIKE.test(key)) return null;
    out += `${out.length === 1 ? "" : ","}${JSON.stringify(key)}:${JSON.stringify(v)}`;
  }
  return `${out}}`;
}

/** The reference: JSON.stringify, every object's keys sorted on the way. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** How many `byte`s `blob` holds (-1 when there is no blob). */
function byteCount(blob: Buffer | null, byte: number): number {
  if (blob === null) return -1;
  let count = 0;
  for (let at = blob.indexOf(byte); at >= 0; at = blob.indexOf(byte, at + 1)) count += 1;
  return count;
}

/** "#7 (2025-03-01 distribution on sub)": how an error names a recorded event. */
export function describeStoredEvent(id: number, event: LedgerEvent): string {
  return `#${id} (${event.date} ${event.type} on ${event.account})`;
}

/** One problem as a sentence naming its event; `changedId` is the event being edited, if any. */
export function editProblemSentence(problem: EditProblem, changedId: number | null): string {
  const where = problem.field === null ? "" : `${problem.field}: `;
  return problem.eventId === changedId
    ? `event ${describeStoredEvent(problem.eventId, problem.event)} as edited does not fit the ledger: ${where}${problem.message}`
    : `recorded event ${describeStoredEvent(problem.eventId, problem.event)} would no longer be valid: ${problem.message}`;
}

/** What is at `path`, looked at without opening it as a database (so nothing is written to it). */
function fileKind(path: string): "missing" | "directory" | "empty" | "not-sqlite" | "sqlite" {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return "directory";
    size = stat.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw environmentError(error, path);
  }
  if (size === 0) return "empty";
  const header = Buffer.alloc(16);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw environmentError(error, path);
  }
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return header.toString("latin1") === SQLITE_HEADER ? "sqlite" : "not-sqlite";
}

/** Ledger order: by date, then by the order recorded (the fold keeps the given order within a day). */
function byLedgerOrder(a: StoredEvent, b: StoredEvent): number {
  return a.event.date < b.event.date ? -1 : a.event.date > b.event.date ? 1 : a.id - b.id;
}

/** `list` sorted into ledger order; left as it is when it already is (a file in date order, appended to an earlier ledger). */
function inOrder(list: StoredEvent[]): StoredEvent[] {
  for (let i = 1; i < list.length; i++)
    if (byLedgerOrder(list[i - 1]!, list[i]!) > 0) return list.sort(byLedgerOrder);
  return list;
}

/** `list` (in ledger order) with `item` put in its place: the same order `byLedgerOrder` sorts into. */
function inLedgerOrder(list: readonly StoredEvent[], item: StoredEvent): StoredEvent[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byLedgerOrder(list[mid]!, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return [...list.slice(0, lo), item, ...list.slice(lo)];
}

/**
 * Problems the fold of `after` (the whole ledger once changed) has that the ledger before did not (`hadProblem`: the ids
 * of the events with a problem before): any problem of the
 * changed event, and any other event that was valid before and is not any more. Also the ids of every event the
 * fold of `after` finds a problem with: the `problemIds` of the changed ledger, so the next change need not fold it again.
 */
function problemsIntroduced(
  hadProblem: ReadonlySet<number>,
  after: readonly StoredEvent[],
  changedId: number | null,
): { introduced: EditProblem[]; problemIds: Set<number>; snapshot: FoldSnapshot } {
  const { state, snapshot } = foldLedgerSaving(
    after.map((s) => s.event),
    BALANCE_MOVEMENTS,
  );
  const all = state.problems.map((p) => ({
    ...after[p.index]!,
    field: p.field,
    message: p.message,
  }));
  const introduced = all
    .filter((p) => p.id === changedId || !hadProblem.has(p.id))
    .map(({ id, event, field, message }) => ({ eventId: id, event, field, message }));
  return { introduced, problemIds: new Set(all.map((p) => p.id)), snapshot };
}

function refusal(action: string, problems: readonly EditProblem[], changedId: number | null) {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  return new LedgerEditRefusedError(
    `${action}: ${editProblemSentence(problems[0]!, changedId)}${more}; nothing was changed`,
    problems,
  );
}

interface EventRow {
  readonly id: number;
  readonly date: string;
  readonly type: string;
  readonly account: string;
  readonly body: string;
  readonly import_id: number | null;
}

/** How a command uses the ledger: `create` (only `ledger init`), `write` (migrates an older schema, after a backup), `read`. */
export type OpenMode = "create" | "write" | "read";

export interface OpenOptions {
  /** Deprecated spelling of `mode: "create"`. */
  readonly create?: boolean;
  readonly mode?: OpenMode;
  readonly now?: () => Date;
}

/** A stored event that cannot be read back (damaged by hand or by the disk): left out of `list`/`export`. */
export interface DamagedEvent {
  readonly id: number;
  readonly message: string;
}

/** The ledger as read: the checked events in ledger order, and any that could not be read. */
interface LedgerRead {
  readonly events: StoredEvent[];
  readonly damaged: DamagedEvent[];
  /** Ids of the events the fold finds a problem with (computed once per version, for edits and removals). */
  problemIds?: Set<number>;
  /** The fold of `events` paused after the last event (`foldLedgerSaving`), when a write has it already. */
  snapshot?: FoldSnapshot;
  /** The chunk digests this connection computed, when it wrote this version (verified as a write verifies). */
  chunks?: Map<number, string>;
  /**
   * Set when the rows' date column does not put them in their bodies' order (a date changed behind megaroth's
   * back): a fresh read folds them in the column's order, a write's own list in the bodies' order, so no fold
   * is saved.
   */
  outOfOrder?: true;
}

/**
 * The movements `ledger balance` reads from the fold's state: roth-ira-conversion and distribution (Form 8606
 * pending in the as-of year), in-plan-roth-conversion (its five-year clocks, `openFiveYearClocks`). The saved
 * fold keeps these only; a balance that needed another would have to add it here (which changes FOLD_FORMAT).
 */
export const BALANCE_MOVEMENTS: readonly LedgerEvent["type"][] = [
  "distribution",
  "in-plan-roth-conversion",
  "roth-ira-conversion",
];

/** The schema version that added `saved_fold` (migrations.ts). */
const SAVED_FOLD_SCHEMA = 4;

let foldKeyText: string | null = null;

/**
 * What a saved fold depends on besides the event rows: megaroth's version, the code that made it (FOLD_FORMAT), the schema version
 * and the figures on file (a digest of every shipped figure). A saved fold with another key is never used.
 */
function foldKey(): string {
  foldKeyText ??= `megaroth ${MEGAROTH_VERSION}; fold format ${FOLD_FORMAT}; schema ${LATEST_SCHEMA_VERSION}; figures ${createHash("sha256").update(JSON.stringify(FIGURES)).digest("hex")}`;
  return foldKeyText;
}

/**
 * The event rows are digested in chunks of ids (CHUNK_SIZE ids each), so a write re-digests only the chunks
 * it changed. Each chunk: its rows in id order (a range scan of the table), each row as its date, a 0x01 byte
 * and its body, joined by SQLite into one blob with a NUL byte between rows, and its row count. A write saves
 * a digest only when its blobs hold exactly one NUL between rows and one 0x01 per row — no date or body holds
 * either (JSON text and ISO dates never do) and none is NULL — so the rows split back out of the blob, and any
 * rows giving the same blob and count are those rows; and only when every date and body is text (`allText`:
 * a blob or a number with the same bytes would sort elsewhere). A read re-digests every row, checks the types
 * the same way, and compares. What the read path uses is all there: each body and date, and the ids' order
 * (by chunk, then within it), which with the dates is the ledger order (date, then id). The id values
 * themselves are not: nothing balance shows depends on them beyond their order.
 */
const CHUNK_SIZE = 4096;
const CHUNK_SQL =
  "SELECT CAST(group_concat(date || x'01' || body, x'00') AS BLOB), count(*) FROM events WHERE id >= ? AND id < ?";
/**
 * What `saved_fold.digest` holds: the rows' digest sealed with the saved fold itself (its last date and state),
 * so a saved fold changed or damaged on disk is not used either.
 */
function sealOf(rowsDigest: string, lastDate: string | null, state: Buffer): string {
  return createHash("sha256")
    .update(`${rowsDigest}\n${lastDate ?? ""}\n`)
    .update(state)
    .digest("hex");
}

/** The largest id the chunks' arithmetic handles exactly (a ledger with a larger one gets no saved fold). */
const LARGEST_CHUNKED_ID = 2 ** 52;

/** Where `ledger migrate` (or a write) puts the copy of a ledger before upgrading its schema. */
export interface Migration {
  readonly from: number;
  readonly to: number;
  readonly backup: string;
}

const SQLITE_HEADER = "SQLite format 3\0";

/** Rows inserted per INSERT statement by `append` (SQLite allows 32,766 bound values; 6 per row). */
const INSERT_BATCH = 500;

export class LedgerStore {
  /** The checked events of the database version `version` (PRAGMA data_version, plus this connection's writes). */
  private cache: { version: number; read: LedgerRead } | null = null;
  /** Set when this open upgraded the schema: from which version, and where the backup copy is. */
  migration: Migration | null = null;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    private readonly now: () => Date,
    private readonly mode: OpenMode,
  ) {}

  /**
   * Opens the ledger at `path`. Only mode `create` (`ledger init`) makes a new one, from a missing or empty
   * file; any other mode refuses a file that is not a megaroth ledger and leaves it byte for byte (the file
   * is looked at before SQLite touches it, and nothing is written until it is known to be a ledger). A ledger
   * of an older schema is read as it is; mode `write` or `create` first copies it to a backup file, then
   * upgrades it. `now` is the clock that stamps imports and changes (the core has none).
   */
  static open(path: string, options: OpenOptions = {}): LedgerStore {
    const mode: OpenMode = options.mode ?? (options.create ? "create" : "write");
    const kind = fileKind(path);
    if (kind === "missing" && mode !== "create") {
      throw new LedgerStoreError(`no ledger at ${path} (create it with: megaroth ledger init --db ${path})`);
    }
    if (kind === "directory") throw new LedgerStoreError(`${path} is a folder, not a ledger file`);
    if (kind === "not-sqlite" || (kind === "empty" && mode !== "create")) {
      throw new LedgerStoreError(
        `${path} is not a megaroth ledger (${kind === "empty" ? "it is an empty file" : "it is not an SQLite database"}); nothing was changed (create a ledger with: megaroth ledger init --db NEW-FILE)`,
      );
    }
    let db: Database.Database;
    try {
      if (mode === "create") mkdirSync(dirname(path), { recursive: true });
      db = new Database(path, { fileMustExist: mode !== "create" });
      // connection settings only: nothing here writes to the file
      db.pragma("busy_timeout = 10000");
      db.pragma("foreign_keys = ON");
      db.pragma("synchronous = FULL");
    } catch (error) {
      throw environmentError(error, path);
    }
    const store = new LedgerStore(db, path, options.now ?? (() => new Date()), mode);
    try {
      store.guard(() => store.prepare(kind === "missing" || kind === "empty"));
    } catch (error) {
      db.close();
      throw error;
    }
    return store;
  }

  /** Runs `work`, turning a failure of the machine (disk full, read-only, damaged file) into a LedgerEnvironmentError. */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw environmentError(error, this.path);
    }
  }

  /** Checks the file is a ledger (or, for `create`, an empty database), then brings its schema up to date. */
  private prepare(fresh: boolean): void {
    const tables = new Set(
      this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
    );
    const current = tables.has("schema_version") ? this.schemaVersion() : 0;
    if (current > LATEST_SCHEMA_VERSION) {
      throw new LedgerStoreError(
        `${this.path} has schema version ${current}; this megaroth knows versions up to ${LATEST_SCHEMA_VERSION} (upgrade megaroth)`,
      );
    }
    // a ledger has both tables; one that only got as far as its version table (version 0) is one too
    const isLedger =
      tables.has("schema_version") && (tables.has("events") || (current === 0 && tables.size === 1));
    if (!isLedger && !(this.mode === "create" && tables.size === 0)) {
      throw new LedgerStoreError(
        `${this.path} is not a megaroth ledger (it holds other tables); nothing was changed (create a ledger with: megaroth ledger init --db NEW-FILE)`,
      );
    }
    if (this.mode === "read" && !tables.has("events")) {
      throw new LedgerStoreError(
        `${this.path} is an unfinished ledger; finish it with: megaroth ledger init --db ${this.path}`,
      );
    }
    if (this.mode === "read" || current === LATEST_SCHEMA_VERSION) return;
    if (fresh || !isLedger) this.db.pragma("journal_mode = WAL");
    else
      this.migration = {
        from: current,
        to: LATEST_SCHEMA_VERSION,
        backup: this.backupBeforeMigration(current),
      };
    this.migrate(current);
  }

  /** A consistent copy of the ledger next to it, before its schema is upgraded; returns its path. */
  private backupBeforeMigration(version: number): string {
    let backup = `${this.path}.schema-v${version}.backup`;
    for (let n = 2; existsSync(backup); n++) backup = `${this.path}.schema-v${version}.backup-${n}`;
    this.db.prepare("VACUUM INTO ?").run(backup);
    return backup;
  }

  schemaVersion(): number {
    return this.guard(() => {
      const row = this.db.prepare("SELECT version FROM schema_version").get() as
        | { version: number }
        | undefined;
      return row?.version ?? 0;
    });
  }

  private migrate(current: number): void {
    this.db
      .transaction(() => {
        this.db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        for (const migration of MIGRATIONS) {
          if (migration.version <= current) continue;
          this.db.exec(migration.sql);
          this.db.prepare("DELETE FROM schema_version").run();
          this.db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(migration.version);
        }
      })
      .immediate();
  }

  /** Refuses a write through a store opened for reading (a programming error, never the user's). */
  private writable(): void {
    if (this.mode === "read") throw new Error("the ledger was opened for reading only");
  }

  /**
   * Runs `work` in ONE write transaction taken before anything is read (BEGIN IMMEDIATE, waiting up to the
   * busy timeout for another writer): what `work` checks is what it writes against, so two writers can never
   * both pass a check that only one of them could. A throw rolls everything back.
   */
  write<T>(work: () => T): T {
    this.writable();
    if (this.depth > 0) return work(); // already inside this connection's write transaction
    return this.guard(() => {
      this.depth += 1;
      this.touched = new Set();
      try {
        let version = 0;
        const result = this.db
          .transaction(() => {
            const done = work();
            if (this.pending) this.saveFold(this.pending);
            // read inside the transaction: after the commit another connection may already have committed, and
            // a version read then would label this write's rows as holding that commit too (a stale cache)
            version = this.dataVersion();
            return done;
          })
          .immediate();
        if (this.pending) this.cache = { version, read: this.pending };
        return result;
      } finally {
        this.depth -= 1;
        this.pending = null;
        this.touched = null;
      }
    });
  }

  private depth = 0;

  /**
   * Saves, in the write's transaction, the fold of the ledger as `read` now holds it, with the digest of the
   * rows as they now are (so the fold is used only while the rows are byte for byte those it was folded from).
   * Nothing is saved (and an earlier saved fold is removed) when an event is damaged or figures were supplied.
   */
  private saveFold(read: LedgerRead): void {
    if (this.schemaVersion() < SAVED_FOLD_SCHEMA) return;
    this.db.prepare("DELETE FROM saved_fold").run();
    if (read.damaged.length > 0 || read.outOfOrder || suppliedYears().length > 0 || this.hasTriggers())
      return;
    const snapshot =
      read.snapshot ??
      foldLedgerSaving(
        read.events.map((s) => s.event),
        BALANCE_MOVEMENTS,
      ).snapshot;
    read.snapshot = snapshot;
    const chunks = this.writtenChunkDigests();
    if (chunks === null || !this.allText()) return;
    read.chunks = chunks;
    const state = serialize(snapshot);
    this.db
      .prepare("INSERT INTO saved_fold (id, key, digest, last_date, state) VALUES (1, ?, ?, ?, ?)")
      .run(foldKey(), sealOf(this.ledgerDigest(chunks), snapshot.lastDate, state), snapshot.lastDate, state);
  }

  /**
   * The chunk digests of the rows as this write leaves them: the ones this connection digested for the version
   * it holds (its own last write, no other connection's commit since), with the chunks this write touched
   * digested again; else every chunk digested again.
   */
  private writtenChunkDigests(): Map<number, string> | null {
    const base = this.cache && this.cache.version === this.dataVersion() ? this.cache.read.chunks : undefined;
    if (!base || this.touched === null) return this.allChunkDigests(true);
    const chunks = new Map(base);
    for (const chunk of this.touched) {
      const digest = this.chunkDigest(chunk, true);
      if (digest === null) return null;
      if (digest === undefined) chunks.delete(chunk);
      else chunks.set(chunk, digest);
    }
    return chunks;
  }

  /** Chunks whose rows this write transaction changed (null outside a write). */
  private touched: Set<number> | null = null;

  private touch(id: number): void {
    this.touched?.add(Math.floor(id / CHUNK_SIZE));
  }

  /**
   * The digest of chunk `chunk`'s rows (CHUNK_SQL), undefined when it has none; with `verify` (a write), null
   * when a date or body holds a NUL or 0x01 byte or is NULL.
   */
  private chunkDigest(chunk: number, verify: boolean, counted?: { rows: number }): string | null | undefined {
    const [joined, rows] = this.db
      .prepare(CHUNK_SQL)
      .raw()
      .get(chunk * CHUNK_SIZE, (chunk + 1) * CHUNK_SIZE) as [Buffer | null, number];
    if (counted) counted.rows += rows;
    if (rows === 0) return undefined;
    if (verify && (byteCount(joined, 0) !== rows - 1 || byteCount(joined, 1) !== rows)) return null;
    return createHash("sha256")
      .update(`chunk ${chunk}: ${rows} rows, ${joined?.length ?? -1} bytes\n`)
      .update(joined ?? Buffer.alloc(0))
      .digest("hex");
  }

  /**
   * Every chunk's digest (reading every event row), or null when a chunk cannot be digested, an id is too large
   * (either way: the smallest id is where the chunks start), or a row is in no chunk (an id that is NULL or not
   * a number, in a table made again behind megaroth's back): the chunks' rows must be all the rows.
   */
  private allChunkDigests(verify: boolean): Map<number, string> | null {
    const next = this.db.prepare("SELECT min(id) FROM events WHERE id >= ?").pluck();
    const chunks = new Map<number, string>();
    const counted = { rows: 0 };
    for (
      let id = this.db.prepare("SELECT min(id) FROM events").pluck().get() as number | null;
      id !== null;
    ) {
      if (!Number.isSafeInteger(id) || Math.abs(id) > LARGEST_CHUNKED_ID) return null;
      const chunk = Math.floor(id / CHUNK_SIZE);
      const digest = this.chunkDigest(chunk, verify, counted);
      if (digest === null) return null;
      if (digest !== undefined) chunks.set(chunk, digest);
      id = next.get((chunk + 1) * CHUNK_SIZE) as number | null;
    }
    // the table's own rows (NOT INDEXED: the pages the chunks just read, not an index's)
    if (this.db.prepare("SELECT count(*) FROM events NOT INDEXED").pluck().get() !== counted.rows)
      return null;
    return chunks;
  }

  /**
   * Whether every date and every body is text: the first and the last of each in its index's order (NULL sorts
   * first, then numbers, then text, blobs last). Not min/max, which skip NULLs (and group_concat skips a NULL
   * row, whose bytes another row could then hold after a NUL).
   */
  private allText(): boolean {
    for (const column of ["date", "body"])
      for (const order of ["ASC", "DESC"]) {
        const rows = this.db
          .prepare(`SELECT ${column} FROM events ORDER BY ${column} ${order} LIMIT 1`)
          .pluck()
          .all();
        if (rows.length > 0 && typeof rows[0] !== "string") return false;
      }
    return true;
  }

  /**
   * Whether the file holds a trigger (megaroth makes none): one added behind megaroth's back could change rows
   * while a write runs, so the rows digested would not be those the write folded.
   */
  private hasTriggers(): boolean {
    return (
      this.db.prepare("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger')").pluck().get() !==
      0
    );
  }

  /** The ledger's digest: the schema version and every chunk's digest, in chunk order. */
  private ledgerDigest(chunks: ReadonlyMap<number, string>): string {
    const hash = createHash("sha256").update(`megaroth ledger rows; schema ${LATEST_SCHEMA_VERSION}\n`);
    for (const chunk of [...chunks.keys()].sort((a, b) => a - b))
      hash.update(`${chunk} ${chunks.get(chunk)}\n`);
    return hash.digest("hex");
  }

  /**
   * The fold `ledger balance` shows at `asOf`: the saved fold, finished for `asOf`, when it was saved by this
   * version with these figures, `asOf` is on or after the last event and the event rows' digest still matches
   * the one saved with it; otherwise (or with `full`) every event read and checked, then folded. The same
   * state for what balance reads (the saved fold keeps only BALANCE_MOVEMENTS and no problems); a damaged
   * ledger is refused either way (a damaged row cannot match the digest saved by a write).
   */
  balanceState(asOf: IsoDate, options: { readonly full?: boolean } = {}): LedgerState {
    return this.guard(() => {
      const saved = options.full ? null : this.savedFoldAtOnce(asOf);
      return (
        saved ??
        foldLedger(
          this.events().map((s) => s.event),
          { asOf },
        )
      );
    });
  }

  /** The saved fold finished for `asOf`, or null when `balanceState` must fold every event (see there). */
  savedBalanceState(asOf: IsoDate): LedgerState | null {
    return this.guard(() => this.savedFoldAtOnce(asOf));
  }

  /** `savedFold` in one read transaction: the saved row, the type check and every chunk read from one version. */
  private savedFoldAtOnce(asOf: IsoDate): LedgerState | null {
    if (this.db.inTransaction) return this.savedFold(asOf);
    return this.db.transaction(() => this.savedFold(asOf)).deferred();
  }

  private savedFold(asOf: IsoDate): LedgerState | null {
    if (this.pending || suppliedYears().length > 0) return null;
    const tables = this.db
      .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'saved_fold'")
      .pluck()
      .get();
    if (tables !== 1 || this.schemaVersion() !== LATEST_SCHEMA_VERSION) return null; // an older ledger is read as it is
    const row = this.db.prepare("SELECT key, digest, last_date, state FROM saved_fold WHERE id = 1").get() as
      | { key: string; digest: string; last_date: string | null; state: Buffer }
      | undefined;
    if (!row || row.key !== foldKey() || !Buffer.isBuffer(row.state)) return null;
    if (row.last_date !== null && asOf < row.last_date) return null;
    if (this.hasTriggers() || !this.allText()) return null;
    const chunks = this.allChunkDigests(false);
    if (chunks === null || sealOf(this.ledgerDigest(chunks), row.last_date, row.state) !== row.digest)
      return null;
    let snapshot: FoldSnapshot;
    try {
      snapshot = deserialize(row.state) as FoldSnapshot;
    } catch {
      return null;
    }
    if (snapshot?.lastDate !== row.last_date) return null;
    return resumeFold(snapshot, asOf);
  }

  /** The cache as this connection's open transaction changed it (kept only if the transaction commits). */
  private pending: LedgerRead | null = null;

  private dataVersion(): number {
    return this.db.pragma("data_version", { simple: true }) as number;
  }

  /**
   * The ledger as read now: every row parsed and checked once per database version (the checked events are
   * kept in memory until another connection commits a change; this connection's own changes update them).
   */
  private read(): LedgerRead {
    if (this.pending) return this.pending;
    const version = this.dataVersion();
    if (this.cache && this.cache.version === version) return this.cache.read;
    const read = this.readAtOnce() ?? this.readRowByRow();
    this.cache = { version, read };
    return read;
  }

  /**
   * Every row read and checked one by one: each body parsed on its own, so a body that is not JSON is named
   * (`parseBody`). The reference path, taken whenever `readAtOnce` is not sure.
   */
  private readRowByRow(): LedgerRead {
    const rows = this.db.prepare("SELECT id, body FROM events ORDER BY date, id").raw().all() as [
      number,
      string,
    ][];
    const events: StoredEvent[] = [];
    const damaged: DamagedEvent[] = [];
    for (const [id, body] of rows) {
      const parsed = this.parseBody(id, body);
      if (typeof parsed === "string") damaged.push({ id, message: parsed });
      else events.push({ id, event: parsed });
    }
    for (let i = 1; i < events.length; i++)
      if (byLedgerOrder(events[i - 1]!, events[i]!) > 0) return { events, damaged, outOfOrder: true };
    return { events, damaged };
  }

  /**
   * The same read with far fewer allocations: SQLite joins every row into ONE JSON array `[id, body, id,
   * body, ...]` (in ledger order, checked as it is read) and it is parsed once; each event is then checked exactly as
   * `readRowByRow` checks it (`checkStoredEvent`, same messages, same order). Only taken when SQLite finds
   * EVERY body to be one well-formed RFC 8259 JSON text (`json_valid`, strict since SQLite 3.45) — so no body
   * can spill into its neighbours and every element lines up with its row — and the array has exactly two
   * elements per row; otherwise (a body that is not JSON, not text, an unexpected shape) null, and the rows
   * are read one by one, which names the damaged one.
   */
  private readAtOnce(): LedgerRead | null {
    const [text, rows, valid] = this.db
      .prepare(
        "SELECT '[' || group_concat(id || ',' || body, ',') || ']', count(*), total(typeof(body) = 'text' AND json_valid(body)) FROM (SELECT id, body FROM events ORDER BY date, id)",
      )
      .raw()
      .get() as [string | null, number, number];
    if (rows === 0) return { events: [], damaged: [] };
    if (text === null || valid !== rows) return null;
    let all: unknown;
    try {
      all = JSON.parse(text);
    } catch {
      return null;
    }
    if (!Array.isArray(all) || all.length !== 2 * rows) return null;
    const events: StoredEvent[] = [];
    const damaged: DamagedEvent[] = [];
    let last: StoredEvent | null = null;
    for (let i = 0; i < all.length; i += 2) {
      const id = all[i] as number;
      if (!Number.isSafeInteger(id)) return null;
      const parsed = this.checkedValue(id, all[i + 1]);
      if (typeof parsed === "string") damaged.push({ id, message: parsed });
      else {
        const stored = { id, event: parsed };
        // the subquery's order is what group_concat joins in; checked, not assumed
        if (last !== null && byLedgerOrder(last, stored) >= 0) return null;
        events.push(stored);
        last = stored;
      }
    }
    return { events, damaged };
  }

  /** Every event in ledger order (date, then the order recorded), each checked. A damaged event is refused. */
  events(): StoredEvent[] {
    return this.guard(() => {
      const read = this.read();
      const first = read.damaged[0];
      if (first) throw new LedgerStoreError(first.message);
      return read.events;
    });
  }

  /** Every readable event, and the damaged ones apart (for `list` and `export`, which show the rest). */
  readableEvents(): { events: StoredEvent[]; damaged: DamagedEvent[] } {
    return this.guard(() => {
      const { events, damaged } = this.read();
      return { events, damaged };
    });
  }

  /** Which of `events` are already recorded (same event, same note): their positions. One query for all. */
  duplicates(events: readonly LedgerEvent[]): Map<number, number> {
    return this.guard(() => {
      const found = new Map<number, number>();
      if (events.length === 0) return found;
      // an empty ledger holds no duplicate (asked in the same transaction as the write, under its lock)
      if (this.db.prepare("SELECT NOT EXISTS (SELECT 1 FROM events)").pluck().get() === 1) return found;
      const bodies = events.map(canonicalJson);
      const rows = this.db
        .prepare("SELECT id, body FROM events WHERE body IN (SELECT value FROM json_each(?))")
        .raw()
        .all(JSON.stringify(bodies)) as [number, string][];
      if (rows.length === 0) return found;
      const idOf = new Map(rows.map(([id, body]) => [body, id]));
      bodies.forEach((body, i) => {
        const id = idOf.get(body);
        if (id !== undefined) found.set(i, id);
      });
      return found;
    });
  }

  /**
   * Appends events in ONE transaction: all are written or none. `source` records the imported file.
   * `onTransactionStarted` runs inside the transaction before the first insert (used by the crash test).
   * Call it inside `write` after checking the events, so the check and the write are one transaction.
   */
  append(
    events: readonly LedgerEvent[],
    source?: { fileName: string; text: string },
    onTransactionStarted?: () => void,
    fold?: { readonly existing: readonly StoredEvent[]; readonly snapshot: FoldSnapshot },
  ): number[] {
    this.writable();
    return this.write(() => {
      const before = this.read();
      onTransactionStarted?.();
      const importId = source
        ? Number(
            this.db
              .prepare("INSERT INTO imports (file_name, sha256, rows, imported_at) VALUES (?, ?, ?, ?)")
              .run(
                basename(source.fileName),
                createHash("sha256").update(source.text).digest("hex"),
                events.length,
                this.now().toISOString(),
              ).lastInsertRowid,
          )
        : null;
      const bodies = events.map(canonicalJson);
      const ids: number[] = [];
      let insert: Database.Statement | null = null;
      for (let start = 0; start < events.length; start += INSERT_BATCH) {
        const count = Math.min(INSERT_BATCH, events.length - start);
        const statement: Database.Statement =
          count === INSERT_BATCH && insert
            ? insert
            : this.db.prepare(
                `INSERT INTO events (date, type, account, body, import_id) VALUES ${Array(count).fill("(?, ?, ?, ?, ?)").join(", ")} RETURNING id`,
              );
        if (count === INSERT_BATCH) insert = statement;
        const values: unknown[] = [];
        for (let i = start; i < start + count; i++) {
          const e = events[i]!;
          values.push(e.date, e.type, e.account, bodies[i], importId);
        }
        // RETURNING gives the ids in insertion order (an AUTOINCREMENT key, one row after another)
        for (const id of statement.pluck().all(...values) as number[]) {
          ids.push(id);
          this.touch(id);
        }
      }
      const added = ids.map((id, i) => ({ id, event: events[i]! }));
      const all =
        added.length === 1 ? inLedgerOrder(before.events, added[0]!) : inOrder([...before.events, ...added]);
      // the check's fold of the recorded events then these, in the same fold order as `all` (new ids come last,
      // in the given order) is the fold of `all`: kept for the saved fold when it folded exactly these rows
      const snapshot = fold && fold.existing === before.events ? fold.snapshot : undefined;
      this.pending = {
        events: all,
        damaged: before.damaged,
        ...(snapshot && { snapshot }),
        ...(before.outOfOrder && { outOfOrder: true }),
      };
      return ids;
    });
  }

  /** Ids of the recorded events the fold of the whole ledger finds a problem with (computed once per version). */
  eventsWithProblems(): ReadonlySet<number> {
    return this.guard(() => this.problemIds(this.checkedRead()));
  }

  /** The fold's problem ids for the ledger as read (once per version). */
  private problemIds(read: LedgerRead): Set<number> {
    read.problemIds ??= new Set(
      foldLedger(read.events.map((s) => s.event)).problems.map((p) => read.events[p.index]!.id),
    );
    return read.problemIds;
  }

  /**
   * Replaces event `id` with `event` in ONE transaction, keeping the earlier version in `event_history`. The
   * whole resulting ledger is folded again: if the edited event does not fit, or any other recorded event
   * would no longer be valid, the edit is refused (LedgerEditRefusedError) and nothing changes. The event
   * keeps its id; an edit that changes nothing writes nothing (`changed: false`).
   */
  replaceEvent(id: number, event: LedgerEvent): { readonly changed: boolean } {
    return this.write(() => {
      const row = this.eventRow(id);
      const body = canonicalJson(event);
      if (body === row.body) return { changed: false };
      const twin = this.db.prepare("SELECT id FROM events WHERE body = ?").pluck().get(body) as
        | number
        | undefined;
      if (twin !== undefined) {
        const problem = {
          eventId: id,
          event,
          field: null,
          message: `is already in the ledger (event #${twin})`,
        };
        throw refusal(`cannot change event #${id}`, [problem], id);
      }
      const before = this.checkedRead();
      const edited = { id, event };
      const after =
        event.date === row.date
          ? before.events.map((s) => (s.id === id ? edited : s)) // same date: same place
          : inLedgerOrder(
              before.events.filter((s) => s.id !== id),
              edited,
            );
      const {
        introduced: problems,
        problemIds,
        snapshot,
      } = problemsIntroduced(this.problemIds(before), after, id);
      if (problems.length > 0) throw refusal(`cannot change event #${id}`, problems, id);
      this.recordHistory(row, "replaced");
      this.db
        .prepare("UPDATE events SET date = ?, type = ?, account = ?, body = ?, import_id = NULL WHERE id = ?")
        .run(event.date, event.type, event.account, body, id);
      this.touch(id);
      this.pending = {
        events: after,
        damaged: before.damaged,
        problemIds,
        snapshot,
        ...(before.outOfOrder && { outOfOrder: true }),
      };
      return { changed: true };
    });
  }

  /**
   * Removes event `id` in ONE transaction, keeping it in `event_history`. Refused (LedgerEditRefusedError),
   * with nothing changed, if any other recorded event would no longer be valid without it.
   */
  removeEvent(id: number): StoredEvent {
    return this.write(() => {
      const row = this.eventRow(id);
      const before = this.checkedRead();
      const removed = before.events.find((s) => s.id === id)!;
      const after = before.events.filter((s) => s.id !== id);
      const {
        introduced: problems,
        problemIds,
        snapshot,
      } = problemsIntroduced(this.problemIds(before), after, null);
      if (problems.length > 0) throw refusal(`cannot remove event #${id}`, problems, null);
      this.recordHistory(row, "removed");
      this.db.prepare("DELETE FROM events WHERE id = ?").run(id);
      this.touch(id);
      this.pending = {
        events: after,
        damaged: before.damaged,
        problemIds,
        snapshot,
        ...(before.outOfOrder && { outOfOrder: true }),
      };
      return removed;
    });
  }

  /** The ledger as read, refusing a damaged one (a change is checked against every event). */
  private checkedRead(): LedgerRead {
    const read = this.read();
    const first = read.damaged[0];
    if (first) throw new LedgerStoreError(first.message);
    return read;
  }

  /** Earlier versions of edited events and removed events (of event `id`, or all), oldest change first. */
  history(id?: number): HistoryEntry[] {
    return this.guard(() => this.historyRows(id));
  }

  private historyRows(id?: number): HistoryEntry[] {
    if (this.schemaVersion() < 3) return []; // an older ledger, read as it is: no history kept yet
    const rows = (
      id === undefined
        ? this.db.prepare("SELECT * FROM event_history ORDER BY id").all()
        : this.db.prepare("SELECT * FROM event_history WHERE event_id = ? ORDER BY id").all(id)
    ) as {
      event_id: number;
      change: HistoryEntry["change"];
      body: string;
      import_id: number | null;
      changed_at: string;
    }[];
    return rows.map((r) => ({
      eventId: r.event_id,
      change: r.change,
      event: this.checkedBody(r.event_id, r.body),
      importId: r.import_id,
      changedAt: r.changed_at,
    }));
  }

  private eventRow(id: number): EventRow {
    const row = this.db.prepare("SELECT * FROM events WHERE id = ?").get(id) as EventRow | undefined;
    if (!row)
      throw new LedgerEventNotFoundError(`no event #${id} in the ledger (never recorded, or removed)`);
    return row;
  }

  private recordHistory(row: EventRow, change: HistoryEntry["change"]): void {
    this.db
      .prepare(
        "INSERT INTO event_history (event_id, change, date, type, account, body, import_id, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        row.id,
        change,
        row.date,
        row.type,
        row.account,
        row.body,
        row.import_id,
        this.now().toISOString(),
      );
  }

  /** The stored event, or why it cannot be read (a sentence naming the event and the file). */
  private parseBody(id: number, body: string): LedgerEvent | string {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return `event #${id} in ${this.path} cannot be read: it is not valid JSON`;
    }
    return this.checkedValue(id, value);
  }

  /** The parsed body `value` of event `id`, checked; or why it cannot be read. */
  private checkedValue(id: number, value: unknown): LedgerEvent | string {
    const checked = checkStoredEvent(value);
    if (checked.event) return checked.event;
    return `event #${id} in ${this.path} cannot be read: ${checked.issues[0]?.field ?? "event"} ${checked.issues[0]?.message ?? "is invalid"}`;
  }

  private checkedBody(id: number, body: string): LedgerEvent {
    const parsed = this.parseBody(id, body);
    if (typeof parsed === "string") throw new LedgerStoreError(parsed);
    return parsed;
  }

  integrityCheck(): string {
    return this.guard(() => this.db.pragma("integrity_check", { simple: true }) as string);
  }

  /** A consistent copy of the whole ledger at `destination` (SQLite online backup), even while it is in use. */
  async backup(destination: string): Promise<void> {
    if (existsSync(destination))
      throw new LedgerStoreError(`${destination} already exists (choose a new file name)`);
    if (destination.trim() === "") throw new LedgerStoreError(`"${destination}" is not a file name`);
    if (!existsSync(dirname(destination)))
      throw new LedgerStoreError(`the folder ${dirname(destination)} does not exist (create it first)`);
    try {
      await this.db.backup(destination);
    } catch (error) {
      const mapped = environmentError(error, destination);
      if (mapped instanceof LedgerStoreError) throw mapped;
      throw new LedgerStoreError(`cannot write the backup ${destination}: ${(error as Error).message}`);
    }
  }

  close(): void {
    this.db.close();
  }
}
