import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldLedger } from "../../packages/core/src/rules/ledger/fold.js";
import { LedgerStore } from "../../src/ledger-store/ledger-store.js";
import { runCli } from "../helpers/cli.js";
import { bigLedgerCsv } from "./big-csv.js";

/**
 * Issue #12 items 1 and 2: real processes writing one ledger at once. An account holds $1,000; two writers
 * each convert $800 from it. Each writer's check and write are one write transaction taken before reading,
 * so exactly one conversion is recorded and the other is refused with the usual message (exit 2 / HTTP 409);
 * two writers of the same event give the usual "already in the ledger" refusal, never a UNIQUE error.
 *
 * To make the writers truly overlap on a machine where one process may start seconds after the other, the
 * test holds the ledger's write lock (BEGIN IMMEDIATE on its own connection) while both writers start, and
 * lets go once both have had time to reach their write: a writer that checked before taking the lock would
 * then have checked the same $1,000 as the other (the bug of issue #12), one that takes it first waits.
 */

const BIN = fileURLToPath(new URL("../../bin/megaroth.js", import.meta.url));
const TRIALS = 3;
let dir: string;
let template: string;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `megaroth …` as a separate process; resolves when it exits. */
function start(args: readonly string[]): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" } });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr!.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const done = new Promise<Run>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const conversion = (db: string, note: string) => [
  "ledger",
  "add",
  "--db",
  db,
  "--type",
  "in-plan-roth-conversion",
  "--date",
  "2030-02-01",
  "--account",
  "race",
  "--amount",
  "800",
  "--to-account",
  "race-roth",
  "--note",
  note,
];

let holdMs = 0;

/**
 * Holds the ledger's write lock while `writers` start, for long enough that each has reached its write (a few
 * times one CLI run, measured on this machine, and well inside the writers' 10 s busy timeout), then lets go.
 */
async function whileLocked<T>(db: string, writers: () => Promise<T>): Promise<T> {
  const lock = new Database(db);
  lock.exec("BEGIN IMMEDIATE");
  const running = writers();
  await new Promise((r) => setTimeout(r, holdMs));
  lock.exec("COMMIT");
  lock.close();
  return running;
}

function freshLedger(name: string): string {
  const db = join(dir, `${name}.sqlite`);
  copyFileSync(template, db);
  return db;
}

/** The race account's conversions as recorded, and whether the whole ledger still folds with no problem. */
function outcome(db: string) {
  const store = LedgerStore.open(db, { mode: "read" });
  const events = store.events().map((s) => s.event);
  store.close();
  const conversions = events.filter((e) => e.type === "in-plan-roth-conversion" && e.account === "race");
  return { conversions: conversions.length, problems: foldLedger(events).problems.length };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "megaroth-race-"));
  template = join(dir, "template.sqlite");
  const csv = join(dir, "filler.csv");
  writeFileSync(csv, bigLedgerCsv(2_000));
  expect(runCli(["ledger", "init", "--db", template]).code).toBe(0);
  expect(runCli(["ledger", "import", csv, "--db", template]).code).toBe(0);
  for (const args of [
    ["--type", "open", "--date", "2030-01-01", "--account", "race", "--kind", "401k-after-tax"],
    ["--type", "open", "--date", "2030-01-01", "--account", "race-roth", "--kind", "roth-401k"],
    ["--type", "after-tax-contribution", "--date", "2030-01-10", "--account", "race", "--amount", "1000"],
  ]) {
    expect(runCli(["ledger", "add", "--db", template, ...args]).code).toBe(0);
  }
  const started = performance.now();
  expect(runCli(["ledger", "balance", "--db", template, "--as-of", "2030-12-31"]).code).toBe(0);
  holdMs = Math.min(8_000, Math.round(2.5 * (performance.now() - started)) + 500);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("two CLI processes racing on one ledger", () => {
  it("of two conversions of $800 from $1,000, exactly one is recorded and the other refused (exit 2)", async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const db = freshLedger(`cli-${trial}`);
      const runs = await whileLocked(db, () =>
        Promise.all([start(conversion(db, "a")).done, start(conversion(db, "b")).done]),
      );
      const codes = runs.map((r) => r.code).sort();
      expect(codes, JSON.stringify(runs)).toEqual([0, 2]);
      const refused = runs.find((r) => r.code === 2)!;
      expect(refused.stderr).toMatch(
        /^megaroth: --amount: is more than the ledger balance of race on 2030-02-01/,
      );
      expect(refused.stderr.trim().split("\n")).toHaveLength(1);
      expect(outcome(db)).toEqual({ conversions: 1, problems: 0 });
    }
  }, 120_000);

  it("two processes adding the same event: one records it, the other says it is already in the ledger", async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const db = freshLedger(`dup-${trial}`);
      const runs = await Promise.all([
        start(conversion(db, "same")).done,
        start(conversion(db, "same")).done,
      ]);
      expect(runs.map((r) => r.code).sort(), JSON.stringify(runs)).toEqual([0, 2]);
      const refused = runs.find((r) => r.code === 2)!;
      expect(refused.stderr).toMatch(/^megaroth: event: is already in the ledger \(event #\d+\)\n$/);
      expect(refused.stderr).not.toMatch(/UNIQUE|internal error/);
      expect(outcome(db)).toEqual({ conversions: 1, problems: 0 });
    }
  }, 120_000);
});

describe("the server process racing a CLI process", () => {
  async function serve(db: string): Promise<{ url: string; stop: () => Promise<void> }> {
    const { child, done } = start(["serve", "--port", "0", "--db", db]);
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (match) resolve(match[0]);
      });
      void done.then((r) => reject(new Error(`serve exited: ${r.stderr}`)));
    });
    return {
      url,
      stop: async () => {
        child.kill("SIGTERM");
        await done;
      },
    };
  }

  function post(url: string, note: string, sameAs = false) {
    const origin = url.replace(/\/$/, "");
    return fetch(`${url}api/ledger/events`, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify({
        row: {
          date: "2030-02-01",
          type: "in-plan-roth-conversion",
          account: "race",
          amount: "800",
          to_account: "race-roth",
          note: sameAs ? "same" : note,
        },
      }),
    });
  }

  it("of the server's POST and the CLI's add, exactly one is recorded; the other gets 409 or exit 2", async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const db = freshLedger(`server-${trial}`);
      const server = await serve(db);
      try {
        const [response, run] = await whileLocked(db, () =>
          Promise.all([post(server.url, "server"), start(conversion(db, "cli")).done]),
        );
        const results = [
          response.status === 201 ? "recorded" : response.status,
          run.code === 0 ? "recorded" : run.code,
        ];
        expect(
          results.filter((r) => r === "recorded"),
          JSON.stringify({ results, run }),
        ).toHaveLength(1);
        expect(results).toContain(response.status === 201 ? 2 : 409);
        if (response.status === 409) {
          const body = (await response.json()) as { rowErrors: { message: string }[] };
          expect(body.rowErrors[0]!.message).toMatch(/is more than the ledger balance of race/);
        }
        expect(outcome(db)).toEqual({ conversions: 1, problems: 0 });
      } finally {
        await server.stop();
      }
    }
  }, 120_000);

  it("the same event from the server and the CLI: one is recorded, the other refused as already recorded", async () => {
    const db = freshLedger("server-dup");
    const server = await serve(db);
    try {
      const [response, run] = await whileLocked(db, () =>
        Promise.all([post(server.url, "same", true), start(conversion(db, "same")).done]),
      );
      expect([response.status, run.code].sort()).toEqual(response.status === 201 ? [2, 201] : [0, 409]);
      if (response.status === 409) {
        const body = (await response.json()) as { rowErrors: { message: string }[] };
        expect(body.rowErrors[0]!.message).toMatch(/is already in the ledger/);
      } else expect(run.stderr).toMatch(/is already in the ledger/);
      expect(outcome(db)).toEqual({ conversions: 1, problems: 0 });
    } finally {
      await server.stop();
    }
  }, 120_000);
});
