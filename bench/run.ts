import { readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

/**
 * `npm run bench`: runs every bench/*.bench.ts (or only those whose name contains an argument), prints each
 * measurement, then the same rows as a Markdown table (for the README's Performance section), which it also
 * writes to bench-results.md. Exits 1 when any row misses its target.
 *
 * A bench module's default export is an async function returning its rows. A row with a `target` is checked:
 * a ratio against a reference measured in the same run (`value ≤ max`), so a loaded machine moves both sides.
 */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
  /** The row fails the run when its value is above `max` (or below `min`). */
  readonly target?: { readonly max?: number; readonly min?: number };
}

const dir = fileURLToPath(new URL(".", import.meta.url));
const filter = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

function formatValue(row: BenchRow): string {
  const v = row.value;
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}

function targetText(row: BenchRow): string {
  const t = row.target;
  if (!t) return "";
  return [t.max !== undefined && `≤ ${t.max}${row.unit}`, t.min !== undefined && `≥ ${t.min}${row.unit}`]
    .filter(Boolean)
    .join(", ");
}

function met(row: BenchRow): boolean {
  const t = row.target;
  if (!t) return true;
  return (t.max === undefined || row.value <= t.max) && (t.min === undefined || row.value >= t.min);
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
const started = new Date();
const loadAtStart = load();
process.stdout.write(
  `megaroth bench ${started.toISOString()}; ${cpus().length} cores; load average ${loadAtStart}\n`,
);

const all: { file: string; row: BenchRow }[] = [];
for (const file of files) {
  const mod = (await import(new URL(file, import.meta.url).href)) as { default: () => Promise<BenchRow[]> };
  process.stdout.write(`\n## ${file}  (load average ${load()})\n`);
  for (const row of await mod.default()) {
    all.push({ file, row });
    const verdict = row.target
      ? met(row)
        ? `  target ${targetText(row)}: met`
        : `  target ${targetText(row)}: MISSED`
      : "";
    process.stdout.write(
      `${row.name.padEnd(64)} ${formatValue(row).padStart(10)} ${row.unit}${row.note ? `  (${row.note})` : ""}${verdict}\n`,
    );
  }
}

const cell = (text: string) => text.replaceAll("|", "\\|");
const table = [
  `Figures from one run of \`npm run bench\` on ${started.toISOString().slice(0, 10)}: ${cpus().length} cores, load average ${loadAtStart} at the start, ${load()} at the end.`,
  "",
  "| bench | what | measured | target |",
  "|---|---|---|---|",
  ...all.map(
    ({ file, row }) =>
      `| ${file.replace(".bench.ts", "")} | ${cell(row.name)} | ${formatValue(row)} ${row.unit}${row.note ? ` (${cell(row.note)})` : ""} | ${row.target ? `${targetText(row)} ${met(row) ? "✓" : "✗ missed"}` : ""} |`,
  ),
  "",
].join("\n");
const resultsFile = fileURLToPath(new URL("../bench-results.md", import.meta.url));
writeFileSync(resultsFile, table);
process.stdout.write(`\n${table}\n(written to bench-results.md)\n`);

const missed = all.filter(({ row }) => !met(row));
if (missed.length > 0) {
  process.stderr.write(
    `bench: ${missed.length} target(s) missed: ${missed.map(({ row }) => row.name).join("; ")}\n`,
  );
  process.exitCode = 1;
}
