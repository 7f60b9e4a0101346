import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import Database from "better-sqlite3";
import { type LedgerEvent, validateEvent } from "../core/ledger/events.js";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "./migrations.js";

/**
 * The ledger's storage: an embedded SQLite file that stores events and nothing else (state is a fold in
 * the core). WAL journal, synchronous=FULL, every write in one transaction.
 */

export class LedgerStoreError extends Error {
  override readonly name = "LedgerStoreError";
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
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export class LedgerStore {
  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  /** Opens (and with `create`, creates) the ledger at `path`, then applies pending migrations. */
  static open(path: string, options: { create?: boolean } = {}): LedgerStore {
    if (!options.create && !existsSync(path)) {
      throw new LedgerStoreError(`no ledger at ${path} (create it with: megaroth ledger init --db ${path})`);
    }
    if (options.create) mkdirSync(dirname(path), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(path, { fileMustExist: !options.create });
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      db.pragma("foreign_keys = ON");
      db.pragma("busy_timeout = 5000");
    } catch (error) {
      throw new LedgerStoreError(`cannot open ledger ${path}: ${(error as Error).message}`);
    }
    const store = new LedgerStore(db, path);
    try {
      store.migrate();
    } catch (error) {
      db.close();
      throw error;
    }
    return store;
  }

  schemaVersion(): number {
    const row = this.db.prepare("SELECT version FROM schema_version").get() as
      | { version: number }
      | undefined;
    return row?.version ?? 0;
  }

  private migrate(): void {
    try {
      this.db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    } catch (error) {
      throw new LedgerStoreError(`${this.path} is not a megaroth ledger: ${(error as Error).message}`);
    }
    const current = this.schemaVersion();
    if (current > LATEST_SCHEMA_VERSION) {
      throw new LedgerStoreError(
        `${this.path} has schema version ${current}; this megaroth knows versions up to ${LATEST_SCHEMA_VERSION} (upgrade megaroth)`,
      );
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db.prepare("DELETE FROM schema_version").run();
        this.db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(migration.version);
      })();
    }
  }

  /** Every event in ledger order (date, then the order recorded). Each body is re-validated on the way out. */
  events(): StoredEvent[] {
    const rows = this.db.prepare("SELECT id, body FROM events ORDER BY date, id").all() as {
      id: number;
      body: string;
    }[];
    return rows.map(({ id, body }) => {
      const checked = validateEvent(JSON.parse(body));
      if (!checked.event) {
        throw new LedgerStoreError(
          `event #${id} in ${this.path} is damaged: ${checked.issues[0]?.message ?? "invalid"}`,
        );
      }
      return { id, event: checked.event };
    });
  }

  /** Which of `events` are already recorded (same event, same note): their positions. */
  duplicates(events: readonly LedgerEvent[]): Map<number, number> {
    const find = this.db.prepare("SELECT id FROM events WHERE body = ?").pluck();
    const found = new Map<number, number>();
    events.forEach((event, i) => {
      const id = find.get(canonicalJson(event)) as number | undefined;
      if (id !== undefined) found.set(i, id);
    });
    return found;
  }

  /**
   * Appends events in ONE transaction: all are written or none. `source` records the imported file.
   * `onTransactionStarted` runs inside the transaction before the first insert (used by the crash test).
   */
  append(
    events: readonly LedgerEvent[],
    source?: { fileName: string; text: string },
    onTransactionStarted?: () => void,
  ): number[] {
    const insert = this.db.prepare(
      "INSERT INTO events (date, type, account, body, import_id) VALUES (?, ?, ?, ?, ?)",
    );
    const insertImport = this.db.prepare(
      "INSERT INTO imports (file_name, sha256, rows, imported_at) VALUES (?, ?, ?, ?)",
    );
    return this.db.transaction(() => {
      onTransactionStarted?.();
      const importId = source
        ? Number(
            insertImport.run(
              basename(source.fileName),
              createHash("sha256").update(source.text).digest("hex"),
              events.length,
              new Date().toISOString(),
            ).lastInsertRowid,
          )
        : null;
      return events.map((e) =>
        Number(insert.run(e.date, e.type, e.account, canonicalJson(e), importId).lastInsertRowid),
      );
    })();
  }

  integrityCheck(): string {
    return this.db.pragma("integrity_check", { simple: true }) as string;
  }

  /** A consistent copy of the whole ledger at `destination` (SQLite online backup), even while it is in use. */
  async backup(destination: string): Promise<void> {
    if (existsSync(destination))
      throw new LedgerStoreError(`${destination} already exists (choose a new file name)`);
    await this.db.backup(destination);
  }

  close(): void {
    this.db.close();
  }
}
