import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { foldLedger, type LedgerEvent, validateEvent } from "@megaroth/core/typed";
import Database from "better-sqlite3";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "./migrations.js";

/**
 * The ledger's storage: an embedded SQLite file that stores events and nothing else (state is a fold in
 * the core). WAL journal, synchronous=FULL, every write in one transaction. An edited or removed event's
 * earlier version is kept in `event_history` with the time of the change: nothing entered is ever lost.
 */

export class LedgerStoreError extends Error {
  override readonly name = "LedgerStoreError";
}

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
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
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

/** Ledger order: by date, then by the order recorded (the fold keeps the given order within a day). */
function byLedgerOrder(a: StoredEvent, b: StoredEvent): number {
  return a.event.date < b.event.date ? -1 : a.event.date > b.event.date ? 1 : a.id - b.id;
}

/**
 * Problems the fold of `after` (the whole ledger once changed) has that `before` did not: any problem of the
 * changed event, and any other event that was valid before and is not any more.
 */
function problemsIntroduced(
  before: readonly StoredEvent[],
  after: readonly StoredEvent[],
  changedId: number | null,
): EditProblem[] {
  const hadProblem = new Set(foldLedger(before.map((s) => s.event)).problems.map((p) => before[p.index]!.id));
  return foldLedger(after.map((s) => s.event))
    .problems.map((p) => ({ ...after[p.index]!, field: p.field, message: p.message }))
    .filter((p) => p.id === changedId || !hadProblem.has(p.id))
    .map(({ id, event, field, message }) => ({ eventId: id, event, field, message }));
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

export class LedgerStore {
  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    private readonly now: () => Date,
  ) {}

  /**
   * Opens (and with `create`, creates) the ledger at `path`, then applies pending migrations. `now` is the
   * clock that stamps imports and changes (the core has none).
   */
  static open(path: string, options: { create?: boolean; now?: () => Date } = {}): LedgerStore {
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
    const store = new LedgerStore(db, path, options.now ?? (() => new Date()));
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
    return rows.map(({ id, body }) => ({ id, event: this.parseBody(id, body) }));
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
              this.now().toISOString(),
            ).lastInsertRowid,
          )
        : null;
      return events.map((e) =>
        Number(insert.run(e.date, e.type, e.account, canonicalJson(e), importId).lastInsertRowid),
      );
    })();
  }

  /**
   * Replaces event `id` with `event` in ONE transaction, keeping the earlier version in `event_history`. The
   * whole resulting ledger is folded again: if the edited event does not fit, or any other recorded event
   * would no longer be valid, the edit is refused (LedgerEditRefusedError) and nothing changes. The event
   * keeps its id; an edit that changes nothing writes nothing (`changed: false`).
   */
  replaceEvent(id: number, event: LedgerEvent): { readonly changed: boolean } {
    return this.db
      .transaction(() => {
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
        const before = this.events();
        const after = before.map((s) => (s.id === id ? { id, event } : s)).sort(byLedgerOrder);
        const problems = problemsIntroduced(before, after, id);
        if (problems.length > 0) throw refusal(`cannot change event #${id}`, problems, id);
        this.recordHistory(row, "replaced");
        this.db
          .prepare(
            "UPDATE events SET date = ?, type = ?, account = ?, body = ?, import_id = NULL WHERE id = ?",
          )
          .run(event.date, event.type, event.account, body, id);
        return { changed: true };
      })
      .immediate();
  }

  /**
   * Removes event `id` in ONE transaction, keeping it in `event_history`. Refused (LedgerEditRefusedError),
   * with nothing changed, if any other recorded event would no longer be valid without it.
   */
  removeEvent(id: number): StoredEvent {
    return this.db
      .transaction(() => {
        const row = this.eventRow(id);
        const before = this.events();
        const removed = before.find((s) => s.id === id)!;
        const problems = problemsIntroduced(
          before,
          before.filter((s) => s.id !== id),
          null,
        );
        if (problems.length > 0) throw refusal(`cannot remove event #${id}`, problems, null);
        this.recordHistory(row, "removed");
        this.db.prepare("DELETE FROM events WHERE id = ?").run(id);
        return removed;
      })
      .immediate();
  }

  /** Earlier versions of edited events and removed events (of event `id`, or all), oldest change first. */
  history(id?: number): HistoryEntry[] {
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
      event: this.parseBody(r.event_id, r.body),
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

  private parseBody(id: number, body: string): LedgerEvent {
    const checked = validateEvent(JSON.parse(body));
    if (!checked.event) {
      throw new LedgerStoreError(
        `event #${id} in ${this.path} cannot be read: ${checked.issues[0]?.field ?? "event"} ${checked.issues[0]?.message ?? "is invalid"}`,
      );
    }
    return checked.event;
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
