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
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
