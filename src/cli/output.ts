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
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
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
