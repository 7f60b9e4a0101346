import { createReadStream } from "node:fs";
import { type Cents, parseDollars } from "@megaroth/core/typed";
import { fieldsAt, guessFormat, type RecordFormat, type RecordSink, splitRecords } from "./csv-records.js";

/**
 * The participant CSV (documented in docs/participant-csv.md), read as a stream: each chunk of the file is
 * split into records as papaparse splits it (src/batch/csv-records.ts), each row is checked and turned into typed values, and the caller gets them a chunk at a
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
  return plainDollarsAt(text, 0, text.length);
}

/** `plainDollarsToCents(text.slice(from, to))`, without the slice. */
export function plainDollarsAt(text: string, from: number, to: number): number {
  const n = to - from;
  if (n === 0 || n > 15) return -1;
  let whole = 0;
  let i = 0;
  for (; i < n; i++) {
    const code = text.charCodeAt(from + i);
    if (code === 46) break;
    if (code < 48 || code > 57) return -1;
    whole = whole * 10 + (code - 48);
  }
  if (i === 0) return -1;
  const decimals = n - i - 1;
  if (decimals === -1) return safeCents(whole * 100);
  if (decimals < 1 || decimals > 2) return -1;
  const tenths = text.charCodeAt(from + i + 1) - 48;
  const hundredths = decimals === 2 ? text.charCodeAt(from + i + 2) - 48 : 0;
  if (tenths < 0 || tenths > 9 || hundredths < 0 || hundredths > 9) return -1;
  return safeCents(whole * 100 + tenths * 10 + hundredths);
}

/**
 * Cents past 2^53 − 1 (15 digits can reach 10^17 cents) are left to `parseDollars`, which refuses them, so the row
 * is a bad row naming the field instead of an unsafe integer reaching the rules. The float result is exact up to
 * 2^53 − 1 and rounds to at least 2^53 above it, so the comparison is exact.
 */
function safeCents(cents: number): number {
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

/**
 * `parseRow` for a record given by bounds into quote-free text (see csv-records.ts), when every field is in
 * its plain form: an id, amounts as `plainDollarsToCents` takes them, "true"/"false", a two-digit age 18–99,
 * an optional field empty. Each read gives what `parseRow`'s field function gives for that field's text
 * (its own fast path), and nothing here can be an error. Anything else gives null, and the caller slices
 * the fields and calls `parseRow`, so a bad row is reported by the one code that reports it.
 */
function plainRow(
  text: string,
  b: Int32Array,
  at: ColumnIndex,
  line: number,
  readAge: boolean,
): ParticipantRow | null {
  const id = text.slice(b[2 * at.id]!, b[2 * at.id + 1]!).trim();
  if (id === "") return null;
  const compensation = plainDollarsAt(text, b[2 * at.compensation]!, b[2 * at.compensation + 1]!);
  const match = plainDollarsAt(text, b[2 * at.match]!, b[2 * at.match + 1]!);
  const afterTax = plainDollarsAt(text, b[2 * at.after_tax]!, b[2 * at.after_tax + 1]!);
  const prior = plainDollarsAt(
    text,
    b[2 * at.prior_year_compensation]!,
    b[2 * at.prior_year_compensation + 1]!,
  );
  const deferrals = plainDollarsAt(text, b[2 * at.deferrals]!, b[2 * at.deferrals + 1]!);
  if (compensation < 0 || match < 0 || afterTax < 0 || prior < 0 || deferrals < 0) return null;
  if (compensation === 0 && match + afterTax > 0) return null;
  const owner = plainBoolean(text, b[2 * at.five_percent_owner]!, b[2 * at.five_percent_owner + 1]!);
  if (owner === -1) return null;
  const age = readAge ? plainOptional(text, b, at.age, plainAge) : ABSENT;
  const fica = plainOptional(text, b, at.prior_year_fica_wages, plainDollarsAt);
  const other = plainOptional(text, b, at.other_employer_deferrals, plainDollarsAt);
  const related = plainOptional(text, b, at.related_employer_additions, plainDollarsAt);
  const income = plainOptional(text, b, at.acp_income, plainDollarsAt);
  const balance = plainOptional(text, b, at.acp_balance_start, plainDollarsAt);
  if (age === -1 || fica === -1 || other === -1 || related === -1 || income === -1 || balance === -1)
    return null;
  return {
    line,
    id,
    compensation: compensation as Cents,
    priorYearCompensation: prior as Cents,
    fivePercentOwner: owner === 1,
    deferrals: deferrals as Cents,
    match: match as Cents,
    afterTax: afterTax as Cents,
    age: age === ABSENT ? null : age,
    priorYearFicaWages: fica === ABSENT ? null : (fica as Cents),
    otherEmployerDeferrals: (other === ABSENT ? 0 : other) as Cents,
    relatedEmployerAdditions: (related === ABSENT ? 0 : related) as Cents,
    acpIncome: income === ABSENT ? null : (income as Cents),
    acpBalanceStart: balance === ABSENT ? null : (balance as Cents),
  };
}

/** An optional field that is absent or empty (null, or 0 for the two that default to 0). */
const ABSENT = -2;

/** -1 for a field not in plain form; ABSENT for no column or an empty field (parseRow: null). */
function plainOptional(
  text: string,
  b: Int32Array,
  i: number,
  read: (text: string, from: number, to: number) => number,
): number {
  if (i < 0) return ABSENT;
  const from = b[2 * i]!;
  const to = b[2 * i + 1]!;
  return from === to ? ABSENT : read(text, from, to);
}

/** 1 for "true", 0 for "false", else -1 (booleanField's own fast path). */
function plainBoolean(text: string, from: number, to: number): number {
  if (to - from === 4 && text.startsWith("true", from)) return 1;
  if (to - from === 5 && text.startsWith("false", from)) return 0;
  return -1;
}

/** Two digits, 18–99 (ageField's own fast path), else -1. */
function plainAge(text: string, from: number, to: number): number {
  if (to - from !== 2) return -1;
  const tens = text.charCodeAt(from) - 48;
  const ones = text.charCodeAt(from + 1) - 48;
  return tens >= 1 && tens <= 9 && ones >= 0 && ones <= 9 && tens * 10 + ones >= 18 ? tens * 10 + ones : -1;
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
export async function readParticipantCsv(path: string, options: ReadOptions): Promise<ReadSummary> {
  const stream = createReadStream(path, { encoding: "utf8" });
  try {
    return await readParticipantStream(stream, path, options);
  } finally {
    stream.destroy();
  }
}

/**
 * The reader on any stream of text chunks (`path` names the file in messages). The records are split as
 * papaparse split them (src/batch/csv-records.ts); a header row, empty lines, line numbers and bad rows are
 * handled as before.
 */
export async function readParticipantStream(
  chunks: AsyncIterable<string>,
  path: string,
  options: ReadOptions,
): Promise<ReadSummary> {
  const readAge = options.required.includes("age");
  const iterator = chunks[Symbol.asyncIterator]();
  let columns: ColumnIndex | null = null;
  let format: RecordFormat | null = null;
  let width = 0;
  let line = 0;
  let rows = 0;
  let badRows = 0;
  let partial = "";
  let done = false;
  let fast = false;
  let items: (ParticipantRow | BadRow)[] = [];
  // For quote-free text whose line break is not "\n": the first line feed at or after the record being
  // read (-1: none left in this text; -2: not looked for yet), so that each is searched for once.
  let nextLineFeed = -2;
  let plainLineFeeds = false;
  const lineFeedsIn = (text: string, from: number, to: number): number => {
    if (nextLineFeed !== -1 && nextLineFeed < from) nextLineFeed = text.indexOf("\n", from);
    let n = 0;
    while (nextLineFeed !== -1 && nextLineFeed < to) {
      n += 1;
      nextLineFeed = text.indexOf("\n", nextLineFeed + 1);
    }
    return n;
  };
  const take = (fields: string[], start: number) => {
    if (columns === null) {
      const at = columnIndex(fields, options.required, path);
      columns = at;
      width = fields.length;
      fast = REQUIRED_COLUMNS.every((c) => at[c] >= 0);
      options.onHeader?.(at);
      return;
    }
    if (fields.length === 1 && fields[0]!.trim() === "") return;
    try {
      if (fields.length !== width) {
        throw new FieldError(`has ${fields.length} fields, the header has ${width}`);
      }
      items.push(parseRow(fields, columns, start, readAge));
      rows += 1;
    } catch (error) {
      if (!(error instanceof FieldError)) {
        throw new ParticipantCsvError(`${path}: ${(error as Error).message}`);
      }
      badRows += 1;
      const id = columns.id < fields.length ? (fields[columns.id] ?? "").trim() || null : null;
      items.push({ line: start, id, message: error.message });
    }
  };
  const onRecord: RecordSink = (fields, text, bounds, count) => {
    const start = line + 1;
    if (fields !== null) {
      line = start + newlinesIn(fields);
      take(fields, start);
      return;
    }
    // The line feeds in the fields are those of the record's text (a delimiter is never a line feed).
    line = plainLineFeeds ? start + lineFeedsIn(text, bounds[0]!, bounds[2 * count - 1]!) : start;
    if (fast && count === width && columns !== null) {
      const row = plainRow(text, bounds, columns, start, readAge);
      if (row !== null) {
        items.push(row);
        rows += 1;
        return;
      }
    }
    take(fieldsAt(text, bounds, count), start);
  };
  while (!done) {
    let chunk = "";
    try {
      const next = await iterator.next();
      if (next.done) done = true;
      else chunk = next.value;
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      throw new ParticipantCsvError(`${path}: cannot read the file (${code ?? message})`);
    }
    if (format === null) format = guessFormat(chunk);
    const text = partial + chunk;
    items = [];
    nextLineFeed = -2;
    plainLineFeeds = format.newline !== "\n";
    const rest = splitRecords(text, format, done, onRecord);
    partial = done ? "" : text.slice(rest);
    if (items.length > 0) await options.onRows(items);
  }
  if (columns === null)
    throw new ParticipantCsvError(`${path}: the file is empty (a header row is required)`);
  return { rows, badRows };
}

/** "line 4: compensation …; line 9: …" for the first few bad rows, and how many more there are. */
export function describeBadRows(bad: readonly BadRow[], total: number, shown = 5): string {
  const listed = bad.slice(0, shown).map((b) => `line ${b.line}: ${b.message}`);
  const more = total > listed.length ? `; and ${total - listed.length} more` : "";
  return `${listed.join("; ")}${more}`;
}
