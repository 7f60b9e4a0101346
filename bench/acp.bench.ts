import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchRow } from "./run.js";

/**
 * `npm run bench -- acp`: the ACP test and the batch plan over 1,000,000 participants, each timed as the
 * real command (`node bin/megaroth.js …`, built by `npm run build`) pinned to one core, beside a process
 * that only parses the same CSV with papaparse. /usr/bin/time gives CPU time (user + system: what the
 * process needs of the one core, whatever else the machine is running), wall time and peak RSS.
 */

const ROWS = 1_000_000;
const FILE = join(tmpdir(), `megaroth-bench-participants-${ROWS}-v1.csv`);
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

/** A workforce of ROWS employees: pay skewed to the low end, ~10% HCEs, a third of them with after-tax money. */
async function generate(): Promise<void> {
  if (existsSync(FILE)) return;
  const partial = `${FILE}.partial`;
  const out = createWriteStream(partial);
  const random = prng(2026);
  let chunk = "id,compensation,prior_year_compensation,five_percent_owner,deferrals,match,after_tax,age\n";
  for (let i = 0; i < ROWS; i++) {
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
  renameSync(partial, FILE);
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
  if (!match)
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
if (rows !== ${ROWS + 1}) throw new Error("parsed " + rows + " rows");
`;

export default async function acpBench(): Promise<BenchRow[]> {
  if (!existsSync(BIN) || !existsSync(join(BIN, "../../dist/cli/main.js"))) {
    throw new Error("build first: npm run build");
  }
  await generate();
  const sizeMb = statSync(FILE).size / 1024 / 1024;
  const parse = measure([process.execPath, "--input-type=module", "-e", PARSE_ONLY, FILE]);
  const acp = measure([process.execPath, BIN, "acp", FILE, "--year", "2026", "--json"]);
  const batch = measure([process.execPath, BIN, "batch", FILE, "--year", "2026", "--match", "100%@4%"]);
  const wall = (m: Measured) => `wall ${m.wallSeconds.toFixed(2)} s`;
  return [
    {
      name: "parse only (papaparse, no conversion): CPU",
      value: parse.cpuSeconds,
      unit: "s",
      note: `${ROWS.toLocaleString("en-US")} rows, ${sizeMb.toFixed(0)} MB; ${wall(parse)}`,
    },
    { name: "megaroth acp --json: CPU", value: acp.cpuSeconds, unit: "s", note: `limit 10 s; ${wall(acp)}` },
    {
      name: "megaroth batch > /dev/null: CPU",
      value: batch.cpuSeconds,
      unit: "s",
      note: `limit 10 s; ${wall(batch)}`,
    },
    { name: "acp ÷ parse only (CPU)", value: acp.cpuSeconds / parse.cpuSeconds, unit: "×" },
    { name: "batch ÷ parse only (CPU)", value: batch.cpuSeconds / parse.cpuSeconds, unit: "×" },
    { name: "peak RSS: parse only", value: parse.peakRssMb, unit: "MB" },
    { name: "peak RSS: acp", value: acp.peakRssMb, unit: "MB", note: "limit 300 MB" },
    { name: "peak RSS: batch", value: batch.peakRssMb, unit: "MB", note: "limit 300 MB" },
  ];
}
