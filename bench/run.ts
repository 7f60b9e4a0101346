import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * `npm run bench`: runs every bench/*.bench.ts (or only those whose name contains an argument) and prints
 * each measurement. A bench module's default export is an async function returning its rows.
 */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

const dir = fileURLToPath(new URL(".", import.meta.url));
const filter = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

for (const file of files) {
  const mod = (await import(new URL(file, import.meta.url).href)) as { default: () => Promise<BenchRow[]> };
  process.stdout.write(`\n## ${file}\n`);
  for (const row of await mod.default()) {
    const value = Number.isInteger(row.value) ? String(row.value) : row.value.toFixed(2);
    process.stdout.write(
      `${row.name.padEnd(60)} ${value.padStart(12)} ${row.unit}${row.note ? `  (${row.note})` : ""}\n`,
    );
  }
}
