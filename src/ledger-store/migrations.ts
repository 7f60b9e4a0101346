/**
 * The ledger database's schema, as ordered migrations. A database records the last applied version in
 * `schema_version`; opening it applies the missing ones in order, each in its own transaction. Never edit
 * a released migration: add the next one.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "events: one row per ledger event, the event itself as JSON (amounts in integer cents)",
    sql: `
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        type TEXT NOT NULL,
        account TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX events_by_date ON events (date, id);
    `,
  },
  {
    version: 2,
    description:
      "imports: which file each event came from; a unique body so the same event is never recorded twice",
    sql: `
      CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        rows INTEGER NOT NULL,
        imported_at TEXT NOT NULL
      );
      ALTER TABLE events ADD COLUMN import_id INTEGER REFERENCES imports (id);
      CREATE UNIQUE INDEX events_by_body ON events (body);
    `,
  },
  {
    version: 3,
    description:
      "event_history: every superseded or removed version of an event, with the time of the change; event ids never reused",
    sql: `
      CREATE TABLE events_v3 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        date TEXT NOT NULL,
        type TEXT NOT NULL,
        account TEXT NOT NULL,
        body TEXT NOT NULL,
        import_id INTEGER REFERENCES imports (id)
      );
      INSERT INTO events_v3 (id, date, type, account, body, import_id)
        SELECT id, date, type, account, body, import_id FROM events;
      DROP TABLE events;
      ALTER TABLE events_v3 RENAME TO events;
      CREATE INDEX events_by_date ON events (date, id);
      CREATE UNIQUE INDEX events_by_body ON events (body);
      CREATE TABLE event_history (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL,
        change TEXT NOT NULL CHECK (change IN ('replaced', 'removed')),
        date TEXT NOT NULL,
        type TEXT NOT NULL,
        account TEXT NOT NULL,
        body TEXT NOT NULL,
        import_id INTEGER REFERENCES imports (id),
        changed_at TEXT NOT NULL
      );
      CREATE INDEX event_history_by_event ON event_history (event_id, id);
    `,
  },
  {
    version: 4,
    description:
      "saved_fold: the fold of the whole ledger after its last event, saved by every write with a digest of the event rows it was folded from (used by balance only while the rows still match)",
    sql: `
      CREATE TABLE saved_fold (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key TEXT NOT NULL,
        digest TEXT NOT NULL,
        last_date TEXT,
        state BLOB NOT NULL
      );
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
