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

/** Colours only on a terminal that wants them: piped output and NO_COLOR get plain text. */
function tableStyle() {
  const plain = !process.stdout.isTTY || process.env.NO_COLOR !== undefined;
  return plain ? { head: [], border: [] } : {};
}

/** A two-column table of label → value for readable output. */
export function printTable(
  rows: readonly (readonly [string, string])[],
  head?: readonly [string, string],
): void {
  const table = new (cliTable())({ ...(head && { head: [...head] }), style: tableStyle() });
  for (const row of rows) table.push([...row]);
  process.stdout.write(`${table.toString()}\n`);
}

export function printRows(head: readonly string[], rows: readonly (readonly string[])[]): void {
  const table = new (cliTable())({ head: [...head], style: tableStyle() });
  for (const row of rows) table.push([...row]);
  process.stdout.write(`${table.toString()}\n`);
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
