import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

// Issue #16 item 6: CLI manners. Runs the built CLI (`npm run build`).

const work = mkdtempSync(join(tmpdir(), "megaroth-manners-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const tableWidth = (out: string) =>
  Math.max(
    0,
    ...out
      .split("\n")
      .filter((l) => /^[┌│├└]/.test(l))
      .map((l) => l.length),
  );

const COMMANDS = [
  "room",
  "limits",
  "tax",
  "plan",
  "elections",
  "schedule",
  "convert",
  "split",
  "form8606",
  "roth-withdrawal",
  "compare",
  "acp",
  "batch",
  "ledger",
  "schema",
  "serve",
];

describe("megaroth CLI manners", () => {
  it("-v and --version print the version", () => {
    for (const flag of ["-v", "--version"])
      expect(runCli([flag])).toMatchObject({ code: 0, stdout: "0.1.0\n" });
  });

  it("names every missing required flag in one message, and --help marks them", () => {
    const r = runCli(["room", "--year", "2026"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "megaroth: missing required flags: --age <age>, --deferrals <dollars> (see: megaroth room --help)\n",
    );
    const help = runCli(["room", "--help"]).stdout;
    expect(help).toMatch(/--year <year> +tax year \(required\)/);
    expect(help).toMatch(/--age <age> +age at December 31 \(18–120\) \(required\)/);
    expect(runCli(["tax", "--year", "2025"]).stderr).toMatch(
      /^megaroth: missing required flags: --filing-status <status>, --taxable-income <dollars> /,
    );
  });

  it("shows no (default: []) in any help", () => {
    for (const c of COMMANDS) {
      const help = runCli([c, "--help"]).stdout;
      expect(help, c).not.toContain("(default: [])");
    }
  });

  it("fits its tables in 80 columns, piped and with COLUMNS=80", () => {
    const runs = [
      [
        "room",
        "--year",
        "2026",
        "--age",
        "55",
        "--compensation",
        "300000",
        "--deferrals",
        "32500",
        "--match",
        "100%@3%,50%@2%",
      ],
      ["limits", "--year", "2026"],
      ["plan", "examples/big-tech-biweekly.yaml"],
      [
        "compare",
        "--year",
        "2026",
        "--age",
        "45",
        "--budget",
        "10000",
        "--rate-now",
        "24%",
        "--rate-retirement",
        "22%",
        "--paths",
        "200",
      ],
    ];
    for (const args of runs) {
      for (const env of [{}, { COLUMNS: "80" }]) {
        const r = runCli(args, { env });
        expect(r.code, args[0]).toBe(0);
        expect(tableWidth(r.stdout), `${args[0]} ${JSON.stringify(env)}`).toBeLessThanOrEqual(80);
      }
    }
    // a wide terminal keeps the one-line table
    expect(tableWidth(runCli(runs[3]!, { env: { COLUMNS: "200" } }).stdout)).toBeGreaterThan(80);
  });

  it("writes CSV money with two decimals", () => {
    const plan = runCli(["plan", "examples/big-tech-biweekly.yaml", "--csv"]).stdout.trim().split("\n");
    const head = plan[0]!.split(",");
    for (const row of plan.slice(1)) {
      const cells = row.split(",");
      head.forEach((h, i) => {
        if (!["n", "date", "bonus"].includes(h)) expect(cells[i], `${h}: ${row}`).toMatch(/^-?\d+\.\d\d$/);
      });
    }
    const compare = runCli([
      "compare",
      "--year",
      "2026",
      "--age",
      "45",
      "--budget",
      "10000",
      "--rate-now",
      "24%",
      "--rate-retirement",
      "22%",
      "--csv",
    ]);
    expect(compare.stdout.split(/\r?\n/)[1]).toBe("pre-tax,10000.00,0.00,0.00,7055.70,32071.35,25015.65");
  });

  it("writes Form 8606 lines in the form's order in JSON, keyed by line number", () => {
    const r = runCli([
      "form8606",
      "--year",
      "2026",
      "--nondeductible-contributions",
      "7500",
      "--converted",
      "7512.34",
      "--json",
    ]);
    const keys = [...r.stdout.matchAll(/^ {4}"(\d+[a-c]?)":/gm)].map((m) => m[1]);
    expect(keys).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "10",
      "11",
      "12",
      "13",
      "14",
      "15a",
      "15b",
      "15c",
      "16",
      "17",
      "18",
    ]);
    expect((JSON.parse(r.stdout) as { lines: Record<string, number> }).lines["15a"]).toBe(0);
  });

  it("names the event, not a line, in an error of a JSON import", () => {
    const db = join(work, "l.sqlite");
    expect(runCli(["ledger", "init", "--db", db]).code).toBe(0);
    const file = join(work, "events.json");
    writeFileSync(
      file,
      JSON.stringify({
        events: [
          { date: "2025-01-02", type: "open", account: "a", kind: "401k-after-tax" },
          { date: "2025-13-02", type: "open", account: "b", kind: "401k-after-tax" },
        ],
      }),
    );
    const r = runCli(["ledger", "import", file, "--db", db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: event 2, field date: is not a calendar date\n`);
    writeFileSync(file, "{}");
    expect(runCli(["ledger", "import", file, "--db", db]).stderr).toContain(
      `${file}: file: expected an object`,
    );
  });
});
