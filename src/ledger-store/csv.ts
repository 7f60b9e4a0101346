import {
  type Cents,
  centsToDollars,
  checkStoredEvent,
  EVENT_TYPES,
  type EventType,
  type LedgerEvent,
  MoneyError,
  parseDollars,
} from "@megaroth/core/typed";
import Papa from "papaparse";

/**
 * The ledger's CSV (and JSON) interchange, documented in docs/ledger-csv.md. Import validates every row and
 * returns ALL errors with their line and column; the caller writes nothing unless there are none.
 */

export const CSV_COLUMNS = [
  "date",
  "type",
  "account",
  "amount",
  "kind",
  "tax_year",
  "to_account",
  "to_amount",
  "to_account_2",
  "to_amount_2",
  "basis",
  "taxable",
  "earnings",
  "code",
  "note",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const MAX_FILE_BYTES = 64 * 1024 * 1024;
export const MAX_LINE_CHARS = 4096;
/** Errors kept in a result; the count of all of them is always given. */
export const MAX_REPORTED_ERRORS = 1000;

const REQUIRED: readonly CsvColumn[] = ["date", "type", "account"];
const MONEY_COLUMNS: ReadonlySet<CsvColumn> = new Set([
  "amount",
  "to_amount",
  "to_amount_2",
  "basis",
  "taxable",
  "earnings",
]);

/** Which columns each type of row uses (besides date, type, account, note); any other non-empty cell is an error. */
const COLUMNS_FOR: Readonly<Record<EventType, readonly CsvColumn[]>> = {
  open: ["kind"],
  "after-tax-contribution": ["amount"],
  "employer-contribution": ["amount"],
  "in-plan-roth-conversion": ["amount", "to_account"],
  "roth-ira-conversion": ["amount", "to_account"],
  rollover: ["amount", "to_account", "to_amount", "to_account_2", "to_amount_2"],
  distribution: ["amount"],
  "nondeductible-ira-contribution": ["amount", "tax_year"],
  "roth-ira-contribution": ["amount", "tax_year"],
  "statement-balance": ["amount", "basis", "earnings"],
  "year-end-value": ["amount"],
  "1099-r": ["amount", "tax_year", "taxable", "basis", "code"],
  "form-8606": ["amount", "tax_year"],
};

/** Event field → the column a schema issue on it is reported against. */
export const COLUMN_OF_FIELD: Readonly<Record<string, CsvColumn>> = {
  date: "date",
  type: "type",
  account: "account",
  amount: "amount",
  kind: "kind",
  taxYear: "tax_year",
  toAccount: "to_account",
  destinations: "to_account",
  basis: "basis",
  taxable: "taxable",
  earnings: "earnings",
  code: "code",
  note: "note",
};

/** The column an event field is reported against (own entries only), else the field's own name. */
export function columnOfField(field: string): string {
  return Object.hasOwn(COLUMN_OF_FIELD, field) ? COLUMN_OF_FIELD[field]! : field;
}

export interface RowError {
  /** Line in the file (1 is the header), or the position of the event in a JSON file. */
  readonly line: number;
  readonly column: string | null;
  readonly message: string;
}

export interface ParsedRows {
  readonly events: LedgerEvent[];
  /** The line of each event, for errors found later (duplicates, state). */
  readonly lines: number[];
  readonly errors: RowError[];
  readonly errorCount: number;
}

/** Cells a spreadsheet would run as a formula start with one of these (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Export: a leading ' makes the cell text; a cell starting with ' gets one more, so import can strip exactly one. */
export function neutraliseCell(cell: string): string {
  return FORMULA_START.test(cell) || cell.startsWith("'") ? `'${cell}` : cell;
}

class ErrorList {
  readonly errors: RowError[] = [];
  count = 0;
  add(line: number, column: string | null, message: string): void {
    this.count += 1;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push({ line, column, message });
  }
}

/** Parses ledger CSV text. Never throws on bad input: every problem becomes a RowError. */
export function parseLedgerCsv(text: string): ParsedRows {
  const errors = new ErrorList();
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (body.length > MAX_FILE_BYTES) {
    errors.add(1, null, `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    return { events: [], lines: [], errors: errors.errors, errorCount: errors.count };
  }
  const lineStarts = [0];
  for (let i = body.indexOf("\n"); i !== -1; i = body.indexOf("\n", i + 1)) {
    const start = lineStarts.at(-1)!;
    if (i - start > MAX_LINE_CHARS)
      errors.add(lineStarts.length, null, `line is longer than ${MAX_LINE_CHARS} characters`);
    lineStarts.push(i + 1);
  }
  if (body.length - lineStarts.at(-1)! > MAX_LINE_CHARS) {
    errors.add(lineStarts.length, null, `line is longer than ${MAX_LINE_CHARS} characters`);
  }
  if (errors.count > 0) return { events: [], lines: [], errors: errors.errors, errorCount: errors.count };

  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const rows: { line: number; cells: string[] }[] = [];
  let cursor = 0;
  Papa.parse<string[]>(body, {
    header: false,
    delimiter: ",",
    skipEmptyLines: false,
    step: (result) => {
      const start = cursor;
      cursor = result.meta.cursor;
      let line = lineAt(start);
      if (body[start] === "\n") line += 1;
      else if (body[start] === "\r" && body[start + 1] === "\n") line += 1;
      for (const e of result.errors) errors.add(line, null, `malformed CSV: ${e.message}`);
      const cells = result.data;
      if (cells.length === 1 && cells[0] === "") return;
      rows.push({ line, cells });
    },
  });
  const header = rows.shift();
  if (!header) {
    errors.add(1, null, "the file is empty (expected a header line)");
    return { events: [], lines: [], errors: errors.errors, errorCount: errors.count };
  }
  const columns = header.cells.map((c) => c.trim().toLowerCase());
  if (!checkHeader(columns, header.line, errors)) {
    return { events: [], lines: [], errors: errors.errors, errorCount: errors.count };
  }
  if (rows.length === 0) errors.add(header.line + 1, null, "no rows after the header");
  const records = rows.map(({ line, cells }) => {
    if (cells.length !== columns.length) {
      errors.add(line, null, `has ${cells.length} fields, the header has ${columns.length}`);
      return null;
    }
    return {
      line,
      cells: Object.fromEntries(columns.map((c, i) => [c, cells[i]!])) as Record<CsvColumn, string>,
    };
  });
  return rowsToEvents(records, errors);
}

function checkHeader(columns: string[], line: number, errors: ErrorList): boolean {
  const before = errors.count;
  const seen = new Set<string>();
  for (const c of columns) {
    if (!(CSV_COLUMNS as readonly string[]).includes(c)) {
      errors.add(line, c, `unknown column (allowed: ${CSV_COLUMNS.join(", ")})`);
    } else if (seen.has(c)) errors.add(line, c, "column appears twice");
    seen.add(c);
  }
  for (const r of REQUIRED) if (!seen.has(r)) errors.add(line, r, "required column is missing");
  return errors.count === before;
}

/**
 * Parses the JSON export format ({ "format": "megaroth-ledger", "events": [ {column: value} ] }); values may
 * be strings or numbers (dollars). Errors are reported by event position as the "line".
 */
export function parseLedgerJson(text: string): ParsedRows {
  const errors = new ErrorList();
  let parsed: unknown;
  try {
    parsed = text.length > MAX_FILE_BYTES ? null : JSON.parse(text);
  } catch (error) {
    errors.add(0, null, `not JSON: ${(error as Error).message}`); // 0: the whole file, not an event
    return { events: [], lines: [], errors: errors.errors, errorCount: errors.count };
  }
  const list = parsed && typeof parsed === "object" ? (parsed as { events?: unknown }).events : undefined;
  if (!Array.isArray(list)) {
    errors.add(0, null, 'expected an object with an "events" array');
    return { events: [], lines: [], errors: errors.errors, errorCount: errors.count };
  }
  const records = list.map((item, i) => {
    const line = i + 1;
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      errors.add(line, null, "event is not an object");
      return null;
    }
    const cells: Partial<Record<CsvColumn, string>> = {};
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      if (!(CSV_COLUMNS as readonly string[]).includes(key)) {
        errors.add(line, key, `unknown field (allowed: ${CSV_COLUMNS.join(", ")})`);
      } else if (typeof value === "string" || typeof value === "number")
        cells[key as CsvColumn] = String(value);
      else if (value !== null) errors.add(line, key, "must be a string or a number");
    }
    return { line, cells: cells as Record<CsvColumn, string> };
  });
  return rowsToEvents(records, errors);
}

function rowsToEvents(
  records: ({ line: number; cells: Record<CsvColumn, string> } | null)[],
  errors: ErrorList,
): ParsedRows {
  const events: LedgerEvent[] = [];
  const lines: number[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    if (!record) continue;
    const event = rowToEvent(record.cells, (column, message) => errors.add(record.line, column, message));
    if (!event) continue;
    const key = CSV_COLUMNS.map((c) => record.cells[c] ?? "").join("\u0000");
    const first = seen.get(key);
    if (first !== undefined) {
      errors.add(
        record.line,
        null,
        `duplicates line ${first} (add a note to tell two identical events apart)`,
      );
      continue;
    }
    seen.set(key, record.line);
    events.push(event);
    lines.push(record.line);
  }
  const sorted = [...errors.errors].sort((a, b) => a.line - b.line);
  return { events, lines, errors: sorted, errorCount: errors.count };
}

/** One row (column → cell text) to an event, or null after reporting each problem through `report`. */
export function rowToEvent(
  raw: Partial<Record<CsvColumn, string>>,
  report: (column: string | null, message: string) => void,
): LedgerEvent | null {
  const failed = new Set<string | null>();
  const fail = (column: string | null, message: string) => {
    failed.add(column);
    report(column, message);
  };
  /** The cell's text with one leading ' removed; null (reported) when it would run as a formula. */
  const cell = (column: CsvColumn): string | null => {
    // a note is kept exactly as written; other cells are trimmed
    const text = column === "note" ? (raw.note ?? "") : (raw[column] ?? "").trim();
    if (text.startsWith("'")) return text.slice(1);
    const negativeNumber = MONEY_COLUMNS.has(column) && /^-\d/.test(text);
    if (FORMULA_START.test(text) && !negativeNumber) {
      fail(
        column,
        `"${preview(text)}" looks like a spreadsheet formula (prefix it with ' to keep it as text)`,
      );
      return null;
    }
    return text;
  };
  const type = cell("type");
  if (type === null) return null;
  if (!(EVENT_TYPES as readonly string[]).includes(type)) {
    fail(
      "type",
      type === ""
        ? "is required"
        : `"${preview(type)}" is not an event type (allowed: ${EVENT_TYPES.join(", ")})`,
    );
    return null;
  }
  const uses = new Set<CsvColumn>(["date", "type", "account", "note", ...COLUMNS_FOR[type as EventType]]);
  for (const column of CSV_COLUMNS) {
    if (!uses.has(column) && (raw[column] ?? "").trim() !== "")
      fail(column, `is not used by a ${type} row (leave it empty)`);
  }
  const money = (column: CsvColumn, required: boolean): Cents | null => {
    const text = cell(column);
    if (text === null) return null;
    if (text === "") {
      if (required) fail(column, "is required");
      return null;
    }
    try {
      return parseDollars(text);
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      fail(column, `"${preview(text)}" is not a dollar amount (e.g. 1234.56; at most 2 decimals)`);
      return null;
    }
  };
  const year = (column: CsvColumn): number | null => {
    const text = cell(column);
    if (text === null) return null;
    if (!/^\d{4}$/.test(text)) {
      fail(column, text === "" ? "is required" : `"${preview(text)}" is not a year`);
      return null;
    }
    return Number(text);
  };
  const candidate: Record<string, unknown> = { type, date: cell("date"), account: cell("account") };
  const note = cell("note");
  if (note) candidate.note = note;
  switch (type as EventType) {
    case "open":
      candidate.kind = cell("kind");
      break;
    case "in-plan-roth-conversion":
    case "roth-ira-conversion":
      candidate.amount = money("amount", true);
      candidate.toAccount = cell("to_account");
      break;
    case "rollover": {
      candidate.amount = money("amount", true);
      const destinations = [];
      for (const [a, m] of [
        ["to_account", "to_amount"],
        ["to_account_2", "to_amount_2"],
      ] as const) {
        const account = cell(a) ?? "";
        const amount = money(m, account !== "");
        if (account === "" && amount !== null) fail(a, `is required when ${m} is given`);
        if (account !== "") destinations.push({ account, amount });
      }
      candidate.destinations = destinations;
      break;
    }
    case "nondeductible-ira-contribution":
    case "roth-ira-contribution":
    case "form-8606":
      candidate.amount = money("amount", true);
      candidate.taxYear = year("tax_year");
      break;
    case "statement-balance":
      candidate.amount = money("amount", true);
      candidate.basis = money("basis", false);
      candidate.earnings = money("earnings", false);
      break;
    case "1099-r":
      candidate.amount = money("amount", true);
      candidate.taxYear = year("tax_year");
      candidate.taxable = money("taxable", false);
      candidate.basis = money("basis", false);
      candidate.code = cell("code");
      break;
    default:
      candidate.amount = money("amount", true);
  }
  const checked = checkStoredEvent(candidate);
  if (checked.event && failed.size === 0) return checked.event;
  // one message per cell: the first problem the schema finds in it
  for (const issue of checked.issues) {
    const column = issue.field === null ? null : columnOfField(issue.field);
    if (!failed.has(column)) fail(column, issue.message);
  }
  return null;
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const dollarsText = (amount: Cents | null | undefined): string =>
  amount === null || amount === undefined ? "" : (amount < 0 ? "-" : "") + formatPlain(Math.abs(amount));

function formatPlain(abs: number): string {
  return `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** One event as export cells (not yet neutralised). */
export function eventToRow(event: LedgerEvent): Record<CsvColumn, string> {
  const row = Object.fromEntries(CSV_COLUMNS.map((c) => [c, ""])) as Record<CsvColumn, string>;
  row.date = event.date;
  row.type = event.type;
  row.account = event.account;
  row.note = event.note ?? "";
  if ("amount" in event) row.amount = dollarsText(event.amount);
  if ("kind" in event) row.kind = event.kind;
  if ("taxYear" in event) row.tax_year = String(event.taxYear);
  if ("toAccount" in event) row.to_account = event.toAccount;
  if ("destinations" in event) {
    const [first, second] = event.destinations;
    row.to_account = first?.account ?? "";
    row.to_amount = dollarsText(first?.amount);
    row.to_account_2 = second?.account ?? "";
    row.to_amount_2 = dollarsText(second?.amount);
  }
  if ("basis" in event) row.basis = dollarsText(event.basis);
  if ("earnings" in event) row.earnings = dollarsText(event.earnings);
  if ("taxable" in event) row.taxable = dollarsText(event.taxable);
  if ("code" in event) row.code = event.code;
  return row;
}

/** CSV of the events, header first; every cell a spreadsheet could run as a formula is neutralised. */
export function eventsToCsv(events: readonly LedgerEvent[]): string {
  const rows = events.map((e) => {
    const row = eventToRow(e);
    return CSV_COLUMNS.map((c) => neutraliseCell(row[c]));
  });
  return `${Papa.unparse({ fields: [...CSV_COLUMNS], data: rows }, { newline: "\n", escapeFormulae: false })}\n`;
}

/** The JSON export: the same fields as the CSV, money as JSON numbers of dollars exact to the cent. */
export function eventsToJson(events: readonly LedgerEvent[]) {
  return {
    format: "megaroth-ledger",
    version: 1,
    events: events.map((e) => {
      const row = eventToRow(e);
      const out: Record<string, string | number> = {};
      for (const c of CSV_COLUMNS) {
        if (row[c] === "") continue;
        out[c] = MONEY_COLUMNS.has(c)
          ? centsToDollars(parseDollars(row[c]))
          : c === "tax_year"
            ? Number(row[c])
            : neutraliseCell(row[c]);
      }
      return out;
    }),
  };
}
