import { EVENT_TYPES, type LedgerEvent } from "@megaroth/core/typed";
import { eventTypeLabel } from "./labels.js";

/** The page's side of the local server's ledger API (src/server/ledger-api.ts): same origin, JSON only. */
export interface StoredEvent {
  readonly id: number;
  readonly event: LedgerEvent;
  /** The event as the form's cells (column → text), to prefill an edit. */
  readonly row: Readonly<Record<string, string>>;
}

export interface RowError {
  readonly line: number;
  readonly column: string | null;
  readonly message: string;
}

export interface ApiFailure {
  readonly error: string;
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
  readonly rowErrors?: readonly RowError[];
  readonly errorCount?: number;
}

export type ApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: ApiFailure };

async function call<T>(path: string, init?: RequestInit): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    return {
      ok: false,
      failure: {
        error: `the megaroth server did not answer (${(error as Error).message}); is \`megaroth serve\` running?`,
      },
    };
  }
  const body = (await response.json().catch(() => ({ error: `HTTP ${response.status}` }))) as T | ApiFailure;
  return response.ok ? { ok: true, value: body as T } : { ok: false, failure: body as ApiFailure };
}

function postJson<T>(path: string, body: unknown): Promise<ApiResult<T>> {
  return call<T>(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export function fetchEvents(): Promise<ApiResult<{ events: StoredEvent[] }>> {
  return call("/api/ledger/events");
}

export function addEvent(
  row: Record<string, string>,
): Promise<ApiResult<{ id: number; event: LedgerEvent }>> {
  return postJson("/api/ledger/events", { row });
}

/** Replaces event `id` with the event the row describes; the server keeps the earlier version in its history. */
export function replaceEvent(
  id: number,
  row: Record<string, string>,
): Promise<ApiResult<{ id: number; changed: boolean }>> {
  return call(`/api/ledger/events/${id}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ row }),
  });
}

/** Removes event `id` (the server refuses if a later event depends on it). */
export function removeEvent(id: number): Promise<ApiResult<{ removed: { id: number } }>> {
  return call(`/api/ledger/events/${id}`, {
    method: "DELETE",
    headers: { "content-type": "application/json" },
  });
}

export function importLedger(fileName: string, text: string): Promise<ApiResult<{ imported: number }>> {
  return postJson("/api/ledger/import", { fileName, text });
}

/** Every message of a failure, one line each, with the line and column of a row error. */
export function failureMessages(failure: ApiFailure): string[] {
  const rows = (failure.rowErrors ?? []).map(
    (e) =>
      `${e.line > 0 ? `line ${e.line}` : "ledger"}${e.column ? `, column ${e.column}` : ""}: ${e.message}`,
  );
  const issues = (failure.issues ?? []).map((i) => `${i.path}: ${i.message}`);
  const more =
    failure.errorCount !== undefined && failure.errorCount > rows.length
      ? [`…and ${failure.errorCount - rows.length} more`]
      : [];
  return [...rows, ...issues, ...more].map(inWords);
}

/**
 * The server's messages name event types by code: "(DATE TYPE on ACCOUNT)" and, in prose, "record a
 * statement-balance first". The page says them in words (a one-word type such as "open" reads as a word already),
 * except in a list of the values a CSV cell may hold.
 */
function inWords(message: string): string {
  return message
    .replace(
      /\((\d{4}-\d{2}-\d{2}) ([a-z0-9-]+) on /g,
      (_all, date: string, type: string) => `(${date} ${eventTypeLabel(type)} on `,
    )
    .replace(/\b(?:[a-z0-9]+-)+[a-z0-9]+\b/g, (word) =>
      // a list of allowed values names what a CSV cell must hold: those stay codes
      (EVENT_TYPES as readonly string[]).includes(word) && !/\bone of\b/.test(message)
        ? eventTypeLabel(word).toLowerCase()
        : word,
    );
}

export interface HistoryEntry {
  readonly eventId: number;
  readonly change: "replaced" | "removed";
  readonly changedAt: string;
  readonly event: LedgerEvent;
}

/** Earlier versions of edited events and removed events, oldest change first. */
export function fetchHistory(): Promise<ApiResult<{ history: HistoryEntry[] }>> {
  return call("/api/ledger/history");
}

/**
 * The ledger CSV's columns (docs/ledger-csv.md), in file order, with what each holds; the template download and
 * the list on the page come from here (test/web checks it against the server's own column list).
 */
export const LEDGER_CSV_COLUMNS: readonly (readonly [column: string, meaning: string])[] = [
  ["date", "the day of the event, YYYY-MM-DD (a statement: its closing date)"],
  ["type", "the event type, e.g. open, after-tax-contribution, in-plan-roth-conversion"],
  ["account", "your name for the account, e.g. plan-at"],
  ["amount", "the event's amount in dollars (1099-R: box 1; Form 8606: line 14)"],
  ["kind", "open only: 401k-after-tax, 401k-pretax, roth-401k, traditional-ira, roth-ira or taxable"],
  ["tax_year", "IRA contributions, 1099-R and Form 8606: the tax year"],
  ["to_account", "conversions: the Roth account; rollover: the first destination"],
  ["to_amount", "rollover: the amount to to_account"],
  ["to_account_2", "rollover: a second destination"],
  ["to_amount_2", "rollover: the amount to the second destination"],
  ["basis", "statement: the basis it shows; 1099-R: box 5"],
  ["taxable", "1099-R: box 2a"],
  ["earnings", "statement: the gain or loss for its period"],
  ["code", "1099-R: box 7 code, e.g. G"],
  ["note", "free text, at most 200 characters"],
];

/** A template to fill in: the header and example rows showing the format. */
export function ledgerTemplateCsv(year: number): string {
  const header = LEDGER_CSV_COLUMNS.map(([c]) => c);
  const row = (cells: Partial<Record<string, string>>) => header.map((c) => cells[c] ?? "").join(",");
  return `${[
    header.join(","),
    row({
      date: `${year}-01-01`,
      type: "open",
      account: "plan-at",
      kind: "401k-after-tax",
      note: "example row: replace",
    }),
    row({
      date: `${year}-01-01`,
      type: "open",
      account: "plan-roth",
      kind: "roth-401k",
      note: "example row: replace",
    }),
    row({
      date: `${year}-01-15`,
      type: "after-tax-contribution",
      account: "plan-at",
      amount: "1500.00",
      note: "example row: replace",
    }),
    row({
      date: `${year}-01-16`,
      type: "in-plan-roth-conversion",
      account: "plan-at",
      amount: "1500.00",
      to_account: "plan-roth",
      note: "example row: replace",
    }),
  ].join("\n")}\n`;
}
