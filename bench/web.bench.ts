import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { planPaychecks } from "../packages/core/src/rules/paycheck-plan/plan.js";
import { startServer } from "../src/server/start.js";
import { FIRST_ANSWER_STEPS } from "../src/web/planner-client.js";
import { readScenarioForm, SCENARIO_FORM_DEFAULTS } from "../src/web/scenario-form.js";
import { buildWebApp, DIST_WEB, launchBrowser } from "../test/web/browser.js";
import type { BenchRow } from "./run.js";

/**
 * `npm run bench -- web`: the web app's weight and the planner's responsiveness.
 * - Size: every JavaScript file of the production build (entry, web workers, the pages other than the planner
 *   and the YAML reader, each loaded on first use), gzip level 6 (what servers and vite report); and what a first
 *   visit loads: the scripts index.html names, with every module they import statically.
 * - Input to updated figures: in headless chromium, the time from an `input` event on the salary field to
 *   the planner's figures and tables being replaced in the DOM (Preact renders in a microtask; a
 *   MutationObserver sees the finished commit), median and 95th percentile over 60 edits after 10 warm-up
 *   edits. Where the first answer is provisional (a two-change search needed more than the first answer's
 *   budget), "settled" is the time until the worker's full answer is on screen (`aria-busy` cleared).
 * - The same computation without the browser: reading the form and planning the year in Node.
 */
const EDITS = 60;
/** Edits made first and not counted, so the page's code is compiled (JIT) as it is after a few keystrokes. */
const WARM_UP = 10;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function bundleRows(): BenchRow[] {
  const assets = join(DIST_WEB, "assets");
  const files = readdirSync(assets);
  const gz = (name: string) => gzipSync(readFileSync(join(assets, name)), { level: 6 }).length / 1024;
  const js = files.filter((f) => f.endsWith(".js"));
  const atStart = new Set<string>();
  const walk = (name: string) => {
    if (atStart.has(name)) return;
    atStart.add(name);
    const code = readFileSync(join(assets, name), "utf8");
    for (const m of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) walk(m[1]!);
  };
  const html = readFileSync(join(DIST_WEB, "index.html"), "utf8");
  for (const m of html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)) walk(m[1]!);
  const total = js.reduce((s, f) => s + gz(f), 0);
  return [
    {
      name: "web JS total, gzip (entry + worker + lazy chunks)",
      value: total,
      unit: "KB",
      note: `${js.length} files; budget 150 KB`,
    },
    {
      name: "web JS loaded at start, gzip (what index.html loads)",
      value: [...atStart].reduce((s, f) => s + gz(f), 0),
      unit: "KB",
      note: `${[...atStart].map((f) => f.replace(/-[\w-]{8}\.js$/, "")).join(", ")}`,
    },
    {
      name: "web CSS, gzip",
      value: files.filter((f) => f.endsWith(".css")).reduce((s, f) => s + gz(f), 0),
      unit: "KB",
    },
  ];
}

type Increment = (typeof SCENARIO_FORM_DEFAULTS)["electionIncrement"];

async function browserLatency(increment: Increment): Promise<{ first: number[]; settled: number[] }> {
  const server = await startServer({ port: 0, assetsDir: DIST_WEB });
  const browser = await launchBrowser();
  try {
    await browser.page.goto(server.url);
    await browser.page.waitForSelector('[data-testid="afterTaxRoom"]');
    await browser.page.selectOption("#planner-electionIncrement", increment);
    return await browser.page.evaluate(
      async ([warmUp, edits]: [number, number]) => {
        const input = document.querySelector<HTMLInputElement>("#planner-salary")!;
        const results = document.querySelector("main")!;
        const times: number[] = [];
        const settledTimes: number[] = [];
        for (let i = 0; i < warmUp + edits; i++) {
          const changed = new Promise<number>((resolve) => {
            const observer = new MutationObserver(() => {
              observer.disconnect();
              resolve(performance.now());
            });
            observer.observe(results, { subtree: true, childList: true, characterData: true });
          });
          const started = performance.now();
          input.value = String(150_000 + (i % 2 === 0 ? 1_000 + i : 0) + i * 37);
          input.dispatchEvent(new Event("input", { bubbles: true }));
          const finished = await changed;
          // (no named functions in here: the bench runs through tsx, which would wrap them in a helper the page lacks)
          while (document.querySelector('[data-testid="plan-results"][aria-busy="true"]') !== null)
            await new Promise((r) => setTimeout(r, 0));
          const settled = performance.now();
          if (i >= warmUp) {
            times.push(finished - started);
            settledTimes.push(settled - started);
          }
          await new Promise((r) => requestAnimationFrame(() => r(null)));
        }
        return { first: times, settled: settledTimes };
      },
      [WARM_UP, EDITS] as [number, number],
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

function nodeLatency(increment: Increment, options: { multiChangeSteps?: number } = {}): number[] {
  const times: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const form = {
      ...SCENARIO_FORM_DEFAULTS,
      electionIncrement: increment,
      salary: String(150_000 + i * 37),
    };
    const started = performance.now();
    const reading = readScenarioForm(form);
    if (reading.scenario) planPaychecks(reading.scenario, options);
    times.push(performance.now() - started);
  }
  return times;
}

export default async function webBench(): Promise<BenchRow[]> {
  await buildWebApp();
  const rows = bundleRows();
  for (const increment of ["1%", "0.1%"] as const) {
    const measured = await browserLatency(increment);
    const browser = measured.first.sort((a, b) => a - b);
    const settled = measured.settled.sort((a, b) => a - b);
    nodeLatency(increment);
    const node = nodeLatency(increment).sort((a, b) => a - b);
    const first = nodeLatency(increment, { multiChangeSteps: FIRST_ANSWER_STEPS }).sort((a, b) => a - b);
    const scenario = `default scenario, elections in ${increment} steps`;
    rows.push(
      {
        name: `planner input → updated figures in chromium, median (${increment})`,
        value: quantile(browser, 0.5),
        unit: "ms",
        note: `${EDITS} salary edits after ${WARM_UP} warm-up; ${scenario}`,
      },
      {
        name: `planner input → updated figures in chromium, p95 (${increment})`,
        value: quantile(browser, 0.95),
        unit: "ms",
        target: { max: 10 },
      },
      {
        name: `planner input → full answer settled in chromium, p95 (${increment})`,
        value: quantile(settled, 0.95),
        unit: "ms",
        note: "where the first answer is provisional, until the worker's answer is shown",
      },
      {
        name: `planner computation alone (form → plan) in Node, median (${increment})`,
        value: quantile(node, 0.5),
        unit: "ms",
        note: `first answer (${FIRST_ANSWER_STEPS.toLocaleString("en-US")}-step budget): ${quantile(first, 0.5).toFixed(2)} ms`,
      },
    );
  }
  return rows;
}
