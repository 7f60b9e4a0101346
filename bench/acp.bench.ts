import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchRow } from "./run.js";

/**
 * `npm run bench -- acp`: the ACP test and the batch plan over 200,000 and 1,000,000 participants, each timed as the
 * real command (`node bin/megaroth.js …`, built by `npm run build`) pinned to one core, beside a process
 * that only parses the same CSV with papaparse. /usr/bin/time gives CPU time (user + system: what the
 * process needs of the one core, whatever else the machine is running), wall time and peak RSS.
 */

/** File sizes benched: the targets hold for both. */
const SIZES = [200_000, 1_000_000] as const;
const fileFor = (rows: number) => join(tmpdir(), `megaroth-bench-participants-${rows}-v1.csv`);
const BIN = fileURLToPath(new URL("../bin/megaroth.js", import.meta.url));
const PAPAPARSE = fileURLToPath(new URL("../node_modules/papaparse/papaparse.js", import.meta.url));

/** mulberry32: a small deterministic PRNG, so every run benches the same file. */
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dollars(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** A workforce of `rows` employees: pay skewed to the low end, ~10% HCEs, a third of them with after-tax money. */
export async function generateParticipants(rows: number): Promise<string> {
  const file = fileFor(rows);
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const random = prng(2026);
  let chunk = "id,compensation,prior_year_compensation,five_percent_owner,deferrals,match,after_tax,age\n";
  for (let i = 0; i < rows; i++) {
    const pay = Math.round((25_000 + random() * random() * 420_000) * 100);
    const priorPay = Math.round(pay * (0.9 + random() * 0.12));
    const deferralRate = random() < 0.2 ? 0 : random() * 0.15;
    const deferrals = Math.min(Math.round(pay * deferralRate), 2_450_000);
    const match = Math.min(deferrals, Math.round(pay * 0.04));
    const afterTax = priorPay > 16_000_000 && random() < 0.35 ? Math.round(random() * 3_000_000) : 0;
    const owner = random() < 0.001;
    chunk += `E${String(i).padStart(7, "0")},${dollars(pay)},${dollars(priorPay)},${owner},${dollars(deferrals)},${dollars(match)},${dollars(afterTax)},${22 + Math.floor(random() * 45)}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      chunk = "";
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end(chunk, (error?: Error | null) => (error ? reject(error) : resolve())),
  );
  renameSync(partial, file);
  return file;
}

interface Measured {
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly peakRssMb: number;
}

/** Runs a command on core 0 under /usr/bin/time, stdout to /dev/null. */
function measure(args: readonly string[]): Measured {
  const pin = existsSync("/usr/bin/taskset") ? ["/usr/bin/taskset", "-c", "0"] : [];
  const [command, ...rest] = [...pin, "/usr/bin/time", "-f", "%U %S %e %M", ...args];
  const result = spawnSync(command!, rest, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const last = result.stderr.trim().split("\n").pop() ?? "";
  const match = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(last);
  if (!match || result.status !== 0)
    throw new Error(`${args.join(" ")} failed (exit ${result.status}): ${result.stderr.slice(0, 500)}`);
  return {
    cpuSeconds: Number(match[1]) + Number(match[2]),
    wallSeconds: Number(match[3]),
    peakRssMb: Number(match[4]) / 1024,
  };
}

const PARSE_ONLY = `
import Papa from ${JSON.stringify(PAPAPARSE)};
import { createReadStream } from "node:fs";
let rows = 0;
await new Promise((resolve, reject) => Papa.parse(createReadStream(process.argv[1], { encoding: "utf8" }), {
  header: false, skipEmptyLines: false, chunk: (r) => { rows += r.data.length; }, complete: resolve, error: reject,
}));
if (rows !== Number(process.argv[2]) + 1) throw new Error("parsed " + rows + " rows");
`;

/** Median of `runs` measurements of each command, interleaved so all three see the same machine. */
function measureAll(commands: readonly (readonly string[])[], runs: number): Measured[] {
  const all = commands.map(() => [] as Measured[]);
  for (let r = 0; r < runs; r++) {
    for (const [i, c] of commands.entries()) all[i]!.push(measure(c));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return all.map((ms) => ({
    cpuSeconds: med(ms.map((m) => m.cpuSeconds)),
    wallSeconds: med(ms.map((m) => m.wallSeconds)),
    peakRssMb: Math.max(...ms.map((m) => m.peakRssMb)),
  }));
}

export default async function acpBench(): Promise<BenchRow[]> {
  if (!existsSync(BIN) || !existsSync(join(BIN, "../../dist/cli-bundle/main.js"))) {
    throw new Error("build first: npm run build");
  }
  const rows: BenchRow[] = [];
  for (const size of SIZES) {
    const file = await generateParticipants(size);
    const sizeMb = statSync(file).size / 1024 / 1024;
    const runs = size <= 200_000 ? 5 : 3;
    const [parse, acp, batch] = measureAll(
      [
        [process.execPath, "--input-type=module", "-e", PARSE_ONLY, file, String(size)],
        [process.execPath, BIN, "acp", file, "--year", "2026", "--json"],
        [process.execPath, BIN, "batch", file, "--year", "2026", "--match", "100%@4%"],
      ],
      runs,
    ) as [Measured, Measured, Measured];
    const wall = (m: Measured) => `wall ${m.wallSeconds.toFixed(2)} s`;
    const n = `${size / 1000}k rows`;
    rows.push(
      {
        name: `parse only (papaparse, no conversion), ${n}: CPU`,
        value: parse.cpuSeconds,
        unit: "s",
        note: `${sizeMb.toFixed(0)} MB; median of ${runs}; ${wall(parse)}; ${parse.peakRssMb.toFixed(0)} MB peak RSS`,
      },
      {
        name: `megaroth acp --json, ${n}: CPU`,
        value: acp.cpuSeconds,
        unit: "s",
        note: `limit 10 s; ${wall(acp)}; ${acp.peakRssMb.toFixed(0)} MB peak RSS (limit 300 MB)`,
      },
      {
        name: `megaroth batch > /dev/null, ${n}: CPU`,
        value: batch.cpuSeconds,
        unit: "s",
        note: `limit 10 s; ${wall(batch)}; ${batch.peakRssMb.toFixed(0)} MB peak RSS (limit 300 MB)`,
      },
      {
        name: `acp ÷ parse only (CPU), ${n}`,
        value: acp.cpuSeconds / parse.cpuSeconds,
        unit: "×",
        target: { max: 2.5 },
      },
      {
        name: `batch ÷ parse only (CPU), ${n}`,
        value: batch.cpuSeconds / parse.cpuSeconds,
        unit: "×",
        target: { max: 2.5 },
      },
      {
        name: `peak RSS, acp / batch, ${n}`,
        value: Math.max(acp.peakRssMb, batch.peakRssMb),
        unit: "MB",
        target: { max: 300 },
      },
    );
  }
  return rows;
}
