import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LedgerEvent } from "@megaroth/core/typed";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as v from "valibot";
import {
  CSV_COLUMNS,
  type CsvColumn,
  columnOfField,
  eventsToCsv,
  eventsToJson,
  eventToRow,
  neutraliseCell,
  parseLedgerCsv,
  parseLedgerJson,
  type RowError,
  rowToEvent,
} from "../ledger-store/csv.js";
import { checkAndAppend } from "../ledger-store/import.js";
import {
  type EditProblem,
  editProblemSentence,
  LedgerEditRefusedError,
  LedgerEventNotFoundError,
  type LedgerStore,
} from "../ledger-store/ledger-store.js";

/**
 * The ledger's JSON API for the web app. The server validates and stores events exactly as `megaroth ledger
 * add` and `ledger import` do (same row parser, same checks against the ledger's state) and returns them
 * (amounts in integer cents, as the core's `LedgerEvent`); the page folds them with the same core code as the
 * CLI. Every body is validated before anything is written, and every write is one transaction in the store:
 * a refused or failed request leaves the ledger as it was. An edit (PUT) or removal (DELETE) is checked
 * against the whole ledger as `megaroth ledger edit` and `remove` check it, and keeps the earlier version in
 * the ledger's history.
 */
export interface ApiError {
  readonly error: string;
  /** Problems with the request body, by path. */
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
  /** Problems with rows of a ledger file or an event, by line and column (1 is a file's header line). */
  readonly rowErrors?: readonly RowError[];
  readonly errorCount?: number;
}

/** An event to add, written as one CSV row (column → text), as `ledger add` takes it from flags. */
const AddEventBody = v.strictObject(
  {
    row: v.record(
      v.picklist(CSV_COLUMNS, `must be one of the ledger columns: ${CSV_COLUMNS.join(", ")}`),
      v.pipe(v.string("must be text"), v.maxLength(4096, "must be at most 4096 characters")),
    ),
  },
  'must be {"row": {column: text}}',
);

const ImportBody = v.strictObject(
  {
    fileName: v.pipe(
      v.string("must be text"),
      v.minLength(1, "must not be empty"),
      v.maxLength(255, "must be at most 255 characters"),
    ),
    text: v.string("must be the file's text"),
  },
  'must be {"fileName": ..., "text": ...}',
);

export const MAX_EVENT_BODY_BYTES = 64 * 1024;

const eventBodyLimit = bodyLimit({
  maxSize: MAX_EVENT_BODY_BYTES,
  onError: (c) =>
    c.json({ error: `an event body is at most ${MAX_EVENT_BODY_BYTES} bytes` } satisfies ApiError, 413),
});

/** A recorded event as the form's cells, in the form the row parser reads back (a formula-like note keeps its '). */
function editableRow(event: LedgerEvent): Partial<Record<CsvColumn, string>> {
  const row = eventToRow(event);
  row.note = neutraliseCell(row.note);
  return Object.fromEntries(Object.entries(row).filter(([, text]) => text !== ""));
}

/** The `:id` of an event route: a whole number from 1, or null. */
function eventId(text: string): number | null {
  const id = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(id) && id >= 1 ? id : null;
}

const badId = (text: string): ApiError => ({
  error: "not an event id; nothing was written",
  issues: [{ path: "(id)", message: `"${text.slice(0, 40)}" is not an event id (a whole number from 1)` }],
});

/**
 * The store's refusal: what was refused, then each problem as a row error (the edited event's own problems on
 * line 1 with their column; each other event named by id, date, type and account).
 */
function refusedEdit(error: LedgerEditRefusedError, action: string, changedId: number | null): ApiError {
  const rowError = (p: EditProblem): RowError =>
    p.eventId === changedId
      ? {
          line: 1,
          column: p.field === null ? null : columnOfField(p.field),
          message: p.message,
        }
      : { line: 0, column: null, message: editProblemSentence(p, changedId) };
  return {
    error: `${action}; nothing was changed`,
    rowErrors: error.problems.map(rowError),
    errorCount: error.problems.length,
  };
}

async function readBody<T extends v.GenericSchema>(request: Request, schema: T) {
  let value: unknown;
  try {
    value = await request.json();
  } catch (error) {
    const issues = [{ path: "(body)", message: `is not JSON: ${(error as Error).message}` }];
    return {
      ok: false as const,
      error: { error: "request body is not valid JSON", issues } satisfies ApiError,
    };
  }
  const result = v.safeParse(schema, value, { abortEarly: false });
  if (result.success) return { ok: true as const, value: result.output as v.InferOutput<T> };
  const issues = result.issues.map((issue) => ({
    path: (issue.path ?? []).map((p) => String((p as { key: unknown }).key)).join(".") || "(body)",
    message: issue.message,
  }));
  return {
    ok: false as const,
    error: { error: "request body is not valid; nothing was written", issues } satisfies ApiError,
  };
}

export function ledgerApi(store: LedgerStore): Hono {
  const api = new Hono();

  api.get("/ledger/events", (c) => {
    // a damaged event does not block the others: they are listed, and the damaged ones named apart
    const { events, damaged } = store.readableEvents();
    const listed = events.map(({ id, event }) => ({ id, event, row: editableRow(event) }));
    if (damaged.length === 0) return c.json({ events: listed });
    const unreadable = damaged.map((d) => ({
      id: d.id,
      message: d.message.replace(` in ${store.path}`, ""),
    }));
    return c.json({ events: listed, damaged: unreadable });
  });

  // Exports and a backup, as `megaroth ledger export` and `ledger backup` write them, offered as downloads.
  // They are reads (GET): the loopback Host check applies; no other origin can read them (no CORS headers).
  api.get("/ledger/export", (c) => {
    const format = c.req.query("format") ?? "csv";
    if (format !== "csv" && format !== "json") {
      return c.json(
        {
          error: "not an export format",
          issues: [
            { path: "format", message: `"${format.slice(0, 20)}" is not allowed (allowed: csv, json)` },
          ],
        } satisfies ApiError,
        400,
      );
    }
    const events = store.events().map((s) => s.event);
    const text =
      format === "json" ? `${JSON.stringify(eventsToJson(events), null, 2)}\n` : eventsToCsv(events);
    c.header("Content-Disposition", `attachment; filename="megaroth-ledger.${format}"`);
    c.header("Cache-Control", "no-store");
    return c.body(text, 200, {
      "Content-Type": format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
    });
  });

  api.get("/ledger/backup", async (c) => {
    const dir = mkdtempSync(join(tmpdir(), "megaroth-backup-"));
    try {
      const file = join(dir, "ledger.sqlite");
      await store.backup(file);
      const bytes = readFileSync(file);
      c.header("Content-Disposition", `attachment; filename="megaroth-ledger-backup.sqlite"`);
      c.header("Cache-Control", "no-store");
      return c.body(bytes, 200, { "Content-Type": "application/vnd.sqlite3" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Earlier versions of edited events and removed events, oldest change first (as `ledger history`). */
  api.get("/ledger/history", (c) =>
    c.json({
      history: store.history().map((h) => ({
        eventId: h.eventId,
        change: h.change,
        changedAt: h.changedAt,
        event: h.event,
      })),
    }),
  );

  api.post("/ledger/events", eventBodyLimit, async (c) => {
    const body = await readBody(c.req.raw, AddEventBody);
    if (!body.ok) return c.json(body.error, 400);
    const rowErrors: RowError[] = [];
    const event = rowToEvent(body.value.row as Partial<Record<CsvColumn, string>>, (column, message) =>
      rowErrors.push({ line: 1, column, message }),
    );
    if (!event)
      return c.json(
        {
          error: "the event is not valid; nothing was written",
          rowErrors,
          errorCount: rowErrors.length,
        } satisfies ApiError,
        400,
      );
    // the check and the write are one write transaction: a concurrent writer cannot slip in between
    const checked = checkAndAppend(store, [event], [1]);
    if (checked.errorCount > 0) {
      return c.json(
        {
          error: "the event does not fit the ledger; nothing was written",
          rowErrors: checked.errors,
          errorCount: checked.errorCount,
        } satisfies ApiError,
        409,
      );
    }
    return c.json({ id: checked.ids[0], event }, 201);
  });

  api.put("/ledger/events/:id", eventBodyLimit, async (c) => {
    const id = eventId(c.req.param("id"));
    if (id === null) return c.json(badId(c.req.param("id")), 400);
    const body = await readBody(c.req.raw, AddEventBody);
    if (!body.ok) return c.json(body.error, 400);
    const rowErrors: RowError[] = [];
    const event = rowToEvent(body.value.row as Partial<Record<CsvColumn, string>>, (column, message) =>
      rowErrors.push({ line: 1, column, message }),
    );
    if (!event) {
      return c.json(
        {
          error: "the event is not valid; nothing was written",
          rowErrors,
          errorCount: rowErrors.length,
        } satisfies ApiError,
        400,
      );
    }
    try {
      const { changed } = store.replaceEvent(id, event);
      return c.json({ id, event, changed }, 200);
    } catch (error) {
      if (error instanceof LedgerEventNotFoundError)
        return c.json({ error: error.message } satisfies ApiError, 404);
      if (error instanceof LedgerEditRefusedError)
        return c.json(refusedEdit(error, `cannot change event #${id}`, id), 409);
      throw error;
    }
  });

  api.delete("/ledger/events/:id", (c) => {
    const id = eventId(c.req.param("id"));
    if (id === null) return c.json(badId(c.req.param("id")), 400);
    try {
      return c.json({ removed: store.removeEvent(id) }, 200);
    } catch (error) {
      if (error instanceof LedgerEventNotFoundError)
        return c.json({ error: error.message } satisfies ApiError, 404);
      if (error instanceof LedgerEditRefusedError)
        return c.json(refusedEdit(error, `cannot remove event #${id}`, null), 409);
      throw error;
    }
  });

  api.post("/ledger/import", async (c) => {
    const body = await readBody(c.req.raw, ImportBody);
    if (!body.ok) return c.json(body.error, 400);
    const { fileName, text } = body.value;
    const parsed = fileName.toLowerCase().endsWith(".json") ? parseLedgerJson(text) : parseLedgerCsv(text);
    if (parsed.errorCount > 0) {
      return c.json(
        {
          error: `${fileName}: ${parsed.errorCount} error(s); nothing was imported`,
          rowErrors: parsed.errors,
          errorCount: parsed.errorCount,
        } satisfies ApiError,
        400,
      );
    }
    const checked = checkAndAppend(store, parsed.events, parsed.lines, { fileName, text });
    if (checked.errorCount > 0) {
      return c.json(
        {
          error: `${fileName}: ${checked.errorCount} error(s); nothing was imported`,
          rowErrors: checked.errors,
          errorCount: checked.errorCount,
        } satisfies ApiError,
        409,
      );
    }
    return c.json({ imported: checked.ids.length, ids: checked.ids }, 201);
  });

  return api;
}
