import { createRequire } from "node:module";
import type { Step, Warning } from "@megaroth/core/typed";
import { type Cents, centsToDollars, formatUsd, suppliedFiguresUsed } from "@megaroth/core/typed";
import type TableType from "cli-table3";

/**
 * cli-table3 (with its colour and string-width modules) is loaded on the first table printed, not at start:
 * `--json` output never pays for it.
 */
let tableClass: typeof TableType | undefined;
function cliTable(): typeof TableType {
  tableClass ??= createRequire(import.meta.url)("cli-table3") as typeof TableType;
  return tableClass;
}

/** Money in `--json` output: a JSON number of dollars, exact to the cent, made from exact cents. */
export function dollars(amount: Cents): number {
  return centsToDollars(amount);
}

/**
 * Money in CSV: always two decimals ("5940.00", "0.00"), as a spreadsheet or a bank shows it. Takes the
 * `--json` dollars number (exact cents / 100) and formats its integer cents, so no float rounding enters.
 */
export function csvDollars(dollarsAmount: number): string {
  const c = Math.round(dollarsAmount * 100);
  const abs = Math.abs(c);
  return `${c < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

let format: "json" | "csv" | "text" = "text";

/** The kind of output the command printed: JSON and CSV carry supplied figures their own way. */
export function outputFormat(): "json" | "csv" | "text" {
  return format;
}

/** Marks the output as CSV (a command that writes CSV itself calls this). */
export function markCsvOutput(): void {
  format = "csv";
}

/**
 * JSON output. Where the command used figures supplied by the user (`--figures`), an object gets
 * `suppliedFigures`: each such figure with its year, value and the source the user named.
 */
export function printJson(value: unknown): void {
  format = "json";
  const used = suppliedFiguresUsed();
  const out =
    used.length > 0 && typeof value === "object" && value !== null && !Array.isArray(value)
      ? {
          ...value,
          suppliedFigures: used.map((f) => ({ id: f.id, year: f.year, value: f.value, source: f.source })),
        }
      : value;
  process.stdout.write(`${jsonText(out)}\n`);
}

// A JS object puts integer-like keys first ("1", "2", … "18", then "15a"): a Map keeps its order. Its keys are
// written with this prefix, so the object JSON.stringify builds keeps them in insertion order, then removed.
const MAP_KEY = "\u0000map-key:";

/**
 * JSON text as `JSON.stringify(value, null, 2)`, except that a `Map` is written as an object with its keys in
 * the Map's order (Form 8606 lines in the form's order: …, "14", "15a", "15b", "15c", "16", …).
 */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) =>
      v instanceof Map ? Object.fromEntries([...v].map(([k, item]) => [`${MAP_KEY}${String(k)}`, item])) : v,
    2,
  );
  return text.replaceAll(JSON.stringify(MAP_KEY).slice(0, -1), '"');
}

/** Form lines keyed by line number, in the form's order (a Map, for {@link jsonText}). */
export function formLinesJson<K extends string, V>(
  lines: Partial<Record<K, V>>,
  order: readonly string[],
  map: (v: V) => unknown,
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const line of order) {
    const value = lines[line as K];
    if (value !== undefined) out.set(line, map(value as V));
  }
  return out;
}

export function stepsJson(steps: readonly Step[]) {
  return steps.map((s) => ({
    label: s.label,
    amount: s.amount === null ? null : dollars(s.amount),
    citation: s.citation,
  }));
}

/** Plain headers (cli-table3's default is red); grey borders only on a terminal that wants colour. */
function tableStyle() {
  const plain = !process.stdout.isTTY || process.env.NO_COLOR !== undefined;
  return plain ? { head: [], border: [] } : { head: [] };
}

/** The columns output may use: the terminal's width, else `$COLUMNS`, else 80 (piped output). */
export function outputWidth(): number {
  if (process.stdout.isTTY && process.stdout.columns > 0) return process.stdout.columns;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env >= 20 ? env : 80;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are what is removed
const ANSI = /\u001b\[[0-9;]*m/g;

/** The widest line of a rendered table, colour codes aside. */
function widthOf(text: string): number {
  return Math.max(...text.split("\n").map((line) => line.replace(ANSI, "").length));
}

/** A two-column table of label → value; a value too long for the width wraps within its cell. */
export function printTable(
  rows: readonly (readonly [string, string])[],
  head?: readonly [string, string],
): void {
  const make = (colWidths?: number[]) => {
    const table = new (cliTable())({
      ...(head && { head: [...head] }),
      style: tableStyle(),
      ...(colWidths && { colWidths, wordWrap: true, wrapOnWordBoundary: true }),
    });
    for (const row of rows) table.push([...row]);
    return table.toString();
  };
  let text = make();
  const width = outputWidth();
  if (widthOf(text) > width) {
    const label = Math.min(
      Math.max(...[...rows, ...(head ? [head] : [])].map((r) => r[0].length)) + 2,
      Math.floor(width * 0.45),
    );
    text = make([label, width - label - 3]);
  }
  process.stdout.write(`${text}\n`);
}

/**
 * A table with a header row, fitted to the terminal (or 80 columns when piped): where it is too wide, its widest
 * column wraps if the others leave it 20 columns or more; otherwise each row is printed stacked — its first
 * cell, then every other column as `heading: value`, one per line.
 */
export function printRows(head: readonly string[], rows: readonly (readonly string[])[]): void {
  const make = (colWidths?: number[]) => {
    const table = new (cliTable())({
      head: [...head],
      style: tableStyle(),
      ...(colWidths && { colWidths, wordWrap: true, wrapOnWordBoundary: true }),
    });
    for (const row of rows) table.push([...row]);
    return table.toString();
  };
  const text = make();
  const width = outputWidth();
  if (widthOf(text) <= width || head.length < 2) {
    process.stdout.write(`${text}\n`);
    return;
  }
  // natural column widths: the longest cell plus one space of padding on each side
  const natural = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)) + 2);
  const widest = natural.indexOf(Math.max(...natural));
  const left = width - (head.length + 1) - natural.reduce((t, w, i) => (i === widest ? t : t + w), 0);
  if (left >= 20) {
    process.stdout.write(`${make(natural.map((w, i) => (i === widest ? left : w)))}\n`);
    return;
  }
  const labelWidth = Math.max(...head.slice(1).map((h) => h.length)) + 1;
  const blocks = rows.map((row) =>
    [
      head[0] ? `${head[0]}: ${row[0] ?? ""}` : (row[0] ?? ""),
      ...head.slice(1).map((h, i) => `  ${`${h}:`.padEnd(labelWidth)} ${row[i + 1] ?? ""}`),
    ].join("\n"),
  );
  process.stdout.write(`${blocks.join("\n\n")}\n`);
}

export function printWarnings(warnings: readonly Warning[]): void {
  for (const w of warnings) process.stdout.write(`warning [${w.code}]: ${w.message}\n`);
}

export function printSteps(steps: readonly Step[]): void {
  process.stdout.write("Why:\n");
  steps.forEach((s, i) => {
    const amount = s.amount === null ? "" : ` = ${formatUsd(s.amount)}`;
    process.stdout.write(`  ${i + 1}. ${s.label}${amount}\n     [${s.citation}]\n`);
  });
}
