import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { BenchRow } from "./run.js";

/**
 * `npm run bench -- startup`: how fast the CLI starts, as the ratio of `megaroth room … --json` to `node -e 0`
 * (Node's own start), both run as processes (built by `npm run build`), interleaved so that both see the same
 * machine, median wall time of RUNS each. Wall time is taken with the high-resolution clock around the spawn of
 * `node` itself (both sides alike): /usr/bin/time's %e has 10 ms steps, which at 50–80 ms moved the ratio by
 * ±0.15 on its own (80 / 50 = 1.60, 80 / 60 = 1.33). CPU (user + system, /usr/bin/time, 10 ms steps) is the mean
 * of separate runs of the same commands: on a loaded machine it moves less than wall time.
 */
const RUNS = 25;
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = join(ROOT, "bin/megaroth.js");
const BUNDLE = join(ROOT, "dist/cli-bundle");
const ROOM = ["room", "--year", "2026", "--age", "55", "--compensation", "300000", "--deferrals", "32500"];

interface Run {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function run(args: readonly string[]): Run {
  const start = process.hrtime.bigint();
  const direct = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (direct.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${direct.stderr}`);
  const timed = spawnSync("/usr/bin/time", ["-f", "%U %S", process.execPath, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const last = timed.stderr.trim().split("\n").pop() ?? "";
  const match = /^([\d.]+) ([\d.]+)$/.exec(last);
  if (timed.status !== 0 || !match) throw new Error(`node ${args.join(" ")} failed: ${timed.stderr}`);
  return { wallMs, cpuMs: (Number(match[1]) + Number(match[2])) * 1000 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** Bytes of JavaScript a command reads at start: the entry and every chunk it imports, statically. */
function loadedBytes(commandChunkPrefix: string): number {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(BUNDLE, file), "utf8");
    for (const m of text.matchAll(/(?:from|import) "\.\/([^"]+)"/g)) walk(m[1]!);
  };
  walk("main.js");
  const chunk = readdirSync(BUNDLE).find((f) => f.startsWith(`${commandChunkPrefix}-`) && f.endsWith(".js"));
  if (chunk) walk(chunk);
  return [...seen].reduce((s, f) => s + statSync(join(BUNDLE, f)).size, 0);
}

export default async function startupBench(): Promise<BenchRow[]> {
  if (!existsSync(join(BUNDLE, "main.js"))) throw new Error("build first: npm run build");
  const bare: Run[] = [];
  const room: Run[] = [];
  run(["-e", "0"]);
  run([BIN, ...ROOM, "--json"]);
  for (let i = 0; i < RUNS; i++) {
    bare.push(run(["-e", "0"]));
    room.push(run([BIN, ...ROOM, "--json"]));
  }
  const bareWall = median(bare.map((r) => r.wallMs));
  const roomWall = median(room.map((r) => r.wallMs));
  const bundleFiles = readdirSync(BUNDLE).filter((f) => f.endsWith(".js"));
  const bundleKb = bundleFiles.reduce((s, f) => s + statSync(join(BUNDLE, f)).size, 0) / 1024;
  const bundleGzKb =
    bundleFiles.reduce((s, f) => s + gzipSync(readFileSync(join(BUNDLE, f)), { level: 6 }).length, 0) / 1024;
  return [
    { name: "node -e 0: wall (median)", value: bareWall, unit: "ms", note: `${RUNS} runs, interleaved` },
    { name: "megaroth room … --json: wall (median)", value: roomWall, unit: "ms" },
    {
      name: "megaroth room … --json wall ÷ node -e 0",
      value: roomWall / bareWall,
      unit: "×",
      target: { max: 1.5 },
    },
    {
      name: "megaroth room … --json CPU ÷ node -e 0 (mean)",
      value: mean(room.map((r) => r.cpuMs)) / mean(bare.map((r) => r.cpuMs)),
      unit: "×",
      note: `${mean(room.map((r) => r.cpuMs)).toFixed(0)} / ${mean(bare.map((r) => r.cpuMs)).toFixed(0)} ms`,
    },
    {
      name: "CLI JavaScript read by `room`",
      value: loadedBytes("room") / 1024,
      unit: "KB",
      note: "entry + the chunks it imports",
    },
    {
      name: "CLI bundle, all commands",
      value: bundleKb,
      unit: "KB",
      note: `${bundleFiles.length} files; ${bundleGzKb.toFixed(0)} KB gzip`,
    },
  ];
}
