/**
 * THE REFERENCE for test/acp/participant-csv-records.test.ts: the papaparse-based participant reader as it
 * was before the record splitter (src/batch/csv-records.ts) replaced `Papa.parse` on the stream. It is the old
 * src/batch/participant-csv.ts (commit 3788940) verbatim except that it reads a given stream, so that a test
 * can choose the chunk boundaries. Do not "fix" it: it defines the expected output. One deliberate change, made in
 * both readers: `plainDollarsToCents` leaves cents past 2^53 − 1 to `parseDollars` (which refuses them), as the
 * reader did before that fast path existed; it had taken 15-digit amounts that then stopped the CLI with an
 * internal error.
 */
import type { Readable } from "node:stream";
import { type Cents, parseDollars } from "@megaroth/core/typed";
import Papa from "papaparse";

/**
 * The participant CSV (documented in docs/participant-csv.md), read as a stream: papaparse hands over
 * chunks of rows, each row is checked and turned into typed values, and the caller gets them a chunk at a
 * time, so memory stays flat however long the file is. A bad row is reported with its line number and
 * the reader goes on to the next.
 */

export const REQUIRED_COLUMNS = [
  "id",
  "compensation",
  "prior_year_compensation",
  "five_percent_owner",
  "deferrals",
  "match",
  "after_tax",
] as const;

export const OPTIONAL_COLUMNS = [
  "age",
  "prior_year_fica_wages",
  "other_employer_deferrals",
  "related_employer_additions",
  "acp_income",
  "acp_balance_start",
] as const;

export type ColumnName = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

export interface ParticipantRow {
  /** Line of the file the row starts on (the header is line 1). */
  readonly line: number;
  readonly id: string;
  readonly compensation: Cents;
  readonly priorYearCompensation: Cents;
  readonly fivePercentOwner: boolean;
  readonly deferrals: Cents;
  readonly match: Cents;
  readonly afterTax: Cents;
  /** Age at year end; read only when the reader requires the column (batch), else null. */
  readonly age: number | null;
  readonly priorYearFicaWages: Cents | null;
  readonly otherEmployerDeferrals: Cents;
  readonly relatedEmployerAdditions: Cents;
  readonly acpIncome: Cents | null;
  readonly acpBalanceStart: Cents | null;
}

export interface BadRow {
  readonly line: number;
  readonly id: string | null;
  readonly message: string;
}

export function isBadRow(item: ParticipantRow | BadRow): item is BadRow {
  return "message" in item;
}

/** A file the reader cannot use at all (missing, unreadable, header without a required column). */
export class ParticipantCsvError extends Error {
  override readonly name = "ParticipantCsvError";
}

class FieldError extends Error {}

const BOOLEAN: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  "1": true,
  "0": false,
};

/**
 * Cents of a plain amount ("1234", "1234.5", "1234.56") read digit by digit, or -1 for any other form,
 * which then goes through `parseDollars` (commas, "$", a sign, errors). The fast path gives the same cents
 * as `parseDollars` (property-tested); it exists because a million-row file has six amounts a row.
 */
export function plainDollarsToCents(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15) return -1;
  let whole = 0;
  let i = 0;
  for (; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) break;
    if (code < 48 || code > 57) return -1;
    whole = whole * 10 + (code - 48);
  }
  if (i === 0) return -1;
  const decimals = n - i - 1;
  if (decimals === -1) return whole * 100 <= Number.MAX_SAFE_INTEGER ? whole * 100 : -1;
  if (decimals < 1 || decimals > 2) return -1;
  const tenths = text.charCodeAt(i + 1) - 48;
  const hundredths = decimals === 2 ? text.charCodeAt(i + 2) - 48 : 0;
  if (tenths < 0 || tenths > 9 || hundredths < 0 || hundredths > 9) return -1;
  const cents = whole * 100 + tenths * 10 + hundredths;
  return cents <= Number.MAX_SAFE_INTEGER ? cents : -1;
}

function dollarsField(name: string, text: string | undefined, allowNegative = false): Cents {
  const plain = text === undefined ? -1 : plainDollarsToCents(text);
  if (plain >= 0) return plain as Cents;
  const value = (text ?? "").trim();
  let amount: Cents;
  try {
    amount = parseDollars(value);
  } catch {
    throw new FieldError(
      `${name} "${value}" is not a dollar amount (allowed: ${allowNegative ? "" : "0 or more, "}at most 2 decimals)`,
    );
  }
  if (amount < 0 && !allowNegative) throw new FieldError(`${name} ${value} is negative (allowed: 0 or more)`);
  return amount;
}

function optionalDollars(name: string, text: string | undefined, allowNegative = false): Cents | null {
  return text === undefined || text.trim() === "" ? null : dollarsField(name, text, allowNegative);
}

function booleanField(name: string, text: string | undefined): boolean {
  // The common spellings first, as they are; anything else trimmed and lower-cased (the same answer).
  if (text === "false") return false;
  if (text === "true") return true;
  const word = (text ?? "").trim().toLowerCase();
  const value = Object.hasOwn(BOOLEAN, word) ? BOOLEAN[word] : undefined; // own keys only: not "constructor"
  if (value === undefined)
    throw new FieldError(`${name} "${text ?? ""}" is not true or false (allowed: true/false, yes/no, 1/0)`);
  return value;
}

function ageField(text: string | undefined): number | null {
  // Two digits, 18–99, as they are (most ages): the same answer as below, without a regular expression.
  if (text !== undefined && text.length === 2) {
    const tens = text.charCodeAt(0) - 48;
    const ones = text.charCodeAt(1) - 48;
    if (tens >= 1 && tens <= 9 && ones >= 0 && ones <= 9 && tens * 10 + ones >= 18) return tens * 10 + ones;
  }
  const value = (text ?? "").trim();
  if (value === "") return null;
  const age = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(age >= 18 && age <= 120))
    throw new FieldError(`age "${value}" is not allowed (allowed: a whole number 18–120, age at year end)`);
  return age;
}

/** Column positions in the header; -1 for an optional column the file does not have. */
export type ColumnIndex = Readonly<Record<ColumnName, number>>;

function columnIndex(header: readonly string[], required: readonly ColumnName[], file: string): ColumnIndex {
  const names = header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim().toLowerCase());
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new ParticipantCsvError(
      `${file}: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} in the header (required: ${required.join(", ")})`,
    );
  }
  const index = {} as Record<ColumnName, number>;
  for (const c of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) index[c] = names.indexOf(c);
  return index;
}

function field(fields: readonly string[], i: number): string | undefined {
  return i < 0 ? undefined : fields[i];
}

/**
 * Turns one record into a row, or throws a FieldError naming the field and what is allowed. `age` is read
 * only by a reader that requires it (the ACP test does not use it, so a stray value cannot refuse a row).
 */
function parseRow(
  fields: readonly string[],
  at: ColumnIndex,
  line: number,
  readAge: boolean,
): ParticipantRow {
  const id = (fields[at.id] ?? "").trim();
  if (id === "") throw new FieldError("id is empty (allowed: any non-empty text)");
  const compensation = dollarsField("compensation", fields[at.compensation]);
  const match = dollarsField("match", fields[at.match]);
  const afterTax = dollarsField("after_tax", fields[at.after_tax]);
  if (compensation === 0 && match + afterTax > 0) {
    throw new FieldError(
      "compensation is 0 but match or after_tax is not (allowed: compensation more than 0)",
    );
  }
  return {
    line,
    id,
    compensation,
    priorYearCompensation: dollarsField("prior_year_compensation", fields[at.prior_year_compensation]),
    fivePercentOwner: booleanField("five_percent_owner", fields[at.five_percent_owner]),
    deferrals: dollarsField("deferrals", fields[at.deferrals]),
    match,
    afterTax,
    age: readAge ? ageField(field(fields, at.age)) : null,
    priorYearFicaWages: optionalDollars("prior_year_fica_wages", field(fields, at.prior_year_fica_wages)),
    otherEmployerDeferrals:
      optionalDollars("other_employer_deferrals", field(fields, at.other_employer_deferrals)) ?? (0 as Cents),
    relatedEmployerAdditions:
      optionalDollars("related_employer_additions", field(fields, at.related_employer_additions)) ??
      (0 as Cents),
    acpIncome: optionalDollars("acp_income", field(fields, at.acp_income), true),
    acpBalanceStart: optionalDollars("acp_balance_start", field(fields, at.acp_balance_start)),
  };
}

function newlinesIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    for (let i = f.indexOf("\n"); i !== -1; i = f.indexOf("\n", i + 1)) n += 1;
  }
  return n;
}

export interface ReadOptions {
  readonly required: readonly ColumnName[];
  /**
   * Receives each chunk's rows in file order, good and bad (`isBadRow`); a returned promise pauses reading
   * until it settles (backpressure).
   */
  readonly onRows: (rows: readonly (ParticipantRow | BadRow)[]) => void | Promise<void>;
  /** Called once with the header's column positions (-1 for an absent optional column), before any row. */
  readonly onHeader?: (columns: ColumnIndex) => void;
}

export interface ReadSummary {
  readonly rows: number;
  readonly badRows: number;
}

/** Streams a participant CSV; rejects with ParticipantCsvError for a file that cannot be read at all. */
export function readParticipantCsvPapa(
  stream: Readable,
  path: string,
  options: ReadOptions,
): Promise<ReadSummary> {
  return new Promise((resolve, reject) => {
    const readAge = options.required.includes("age");
    let columns: ColumnIndex | null = null;
    let width = 0;
    let line = 0;
    let rows = 0;
    let badRows = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      stream.destroy();
      reject(error);
    };
    stream.on("error", (error: NodeJS.ErrnoException) =>
      fail(new ParticipantCsvError(`${path}: cannot read the file (${error.code ?? error.message})`)),
    );
    Papa.parse<string[]>(stream, {
      header: false,
      skipEmptyLines: false,
      chunk: (results, parser) => {
        if (failed) return;
        const items: (ParticipantRow | BadRow)[] = [];
        for (const fields of results.data) {
          const start = line + 1;
          line = start + newlinesIn(fields);
          if (columns === null) {
            try {
              columns = columnIndex(fields, options.required, path);
            } catch (error) {
              fail(error);
              parser.abort();
              return;
            }
            width = fields.length;
            options.onHeader?.(columns);
            continue;
          }
          if (fields.length === 1 && fields[0]!.trim() === "") continue;
          try {
            if (fields.length !== width) {
              throw new FieldError(`has ${fields.length} fields, the header has ${width}`);
            }
            items.push(parseRow(fields, columns, start, readAge));
            rows += 1;
          } catch (error) {
            if (!(error instanceof FieldError)) throw error;
            badRows += 1;
            const id = columns.id < fields.length ? (fields[columns.id] ?? "").trim() || null : null;
            items.push({ line: start, id, message: error.message });
          }
        }
        if (items.length === 0) return;
        let pending: void | Promise<void>;
        try {
          pending = options.onRows(items);
        } catch (error) {
          fail(error);
          parser.abort();
          return;
        }
        if (pending) {
          parser.pause();
          pending.then(() => parser.resume(), fail);
        }
      },
      complete: () => {
        if (failed) return;
        if (columns === null)
          fail(new ParticipantCsvError(`${path}: the file is empty (a header row is required)`));
        else resolve({ rows, badRows });
      },
      error: (error: Error) => fail(new ParticipantCsvError(`${path}: ${error.message}`)),
    });
  });
}

/** "line 4: compensation …; line 9: …" for the first few bad rows, and how many more there are. */
export function describeBadRows(bad: readonly BadRow[], total: number, shown = 5): string {
  const listed = bad.slice(0, shown).map((b) => `line ${b.line}: ${b.message}`);
  const more = total > listed.length ? `; and ${total - listed.length} more` : "";
  return `${listed.join("; ")}${more}`;
}
