import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/cli.js";

const LEDGER = `date,type,account,amount,kind,tax_year,to_account,basis,taxable,earnings,code,note
2025-01-02,open,acme-after-tax,,401k-after-tax,,,,,,,
2025-01-02,open,acme-roth,,roth-401k,,,,,,,
2025-01-02,open,trad-ira,,traditional-ira,,,,,,,
2025-01-02,open,roth-ira,,roth-ira,,,,,,,
2025-01-31,after-tax-contribution,acme-after-tax,18500.00,,,,,,,,January paychecks
2025-06-30,after-tax-contribution,acme-after-tax,18500.00,,,,,,,,Feb-Jun paychecks
2025-06-30,statement-balance,acme-after-tax,38234.56,,,,37000.00,,1234.56,,Q2 statement
2025-07-01,in-plan-roth-conversion,acme-after-tax,38234.56,,,acme-roth,,,,,
2025-02-03,nondeductible-ira-contribution,trad-ira,7000.00,,2025,,,,,,
2025-02-10,statement-balance,trad-ira,7003.21,,,,,,,,
2025-02-11,roth-ira-conversion,trad-ira,7003.21,,,roth-ira,,,,,backdoor
2026-01-31,1099-r,acme-after-tax,38234.56,,2025,,0.00,38234.56,,G,plan's 1099-R
2026-04-10,form-8606,trad-ira,0.00,,2025,,,,,,filed
`;

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "megaroth-cli-ledger-"));
  created.push(dir);
  const db = join(dir, "ledger.sqlite");
  const file = join(dir, "ledger.csv");
  writeFileSync(file, LEDGER);
  expect(runCli(["ledger", "init", "--db", db]).code).toBe(0);
  return { dir, db, file };
}

interface Balance {
  asOf: string;
  accounts: { account: string; kind: string; balance: number; basis: number; earnings: number }[];
  form8606CarryForward: { taxYear: number; line14: number } | null;
}

describe("megaroth ledger", () => {
  it("imports a statement-style CSV and shows balance, basis and earnings per account", () => {
    const { db, file } = setup();
    const imported = runCli(["ledger", "import", file, "--db", db]);
    expect(imported).toMatchObject({ code: 0, stdout: `Imported 13 events from ${file}\n` });
    const balance = runCliJson<Balance>(["ledger", "balance", "--as-of", "2025-12-31", "--db", db]);
    expect(balance.accounts).toEqual([
      { account: "acme-after-tax", kind: "401k-after-tax", balance: 0, basis: 0, earnings: 0 },
      { account: "acme-roth", kind: "roth-401k", balance: 38234.56, basis: 38234.56, earnings: 0 },
      { account: "roth-ira", kind: "roth-ira", balance: 7003.21, basis: 7003.21, earnings: 0 },
      { account: "trad-ira", kind: "traditional-ira", balance: 0, basis: 0, earnings: 0 },
    ]);
    expect(balance.form8606CarryForward).toEqual({ taxYear: 2025, line14: 0 });
    const midYear = runCliJson<Balance>(["ledger", "balance", "--as-of", "2025-03-01", "--db", db]);
    expect(midYear.accounts.find((a) => a.account === "acme-after-tax")).toMatchObject({
      balance: 18500,
      basis: 18500,
    });
  });

  it("reconcile exits 0 when nothing disagrees", () => {
    const { db } = setup();
    expect(runCli(["ledger", "reconcile", "--db", db])).toMatchObject({
      code: 0,
      stdout: "No disagreements.\n",
    });
  });

  it("reconciles: the plan's 1099-R put the whole rollover in box 2a and nothing in box 5", () => {
    const { db, file } = setup();
    runCli(["ledger", "import", file, "--db", db]);
    // Like a check command: exit 1 when a document disagrees with the ledger (README, "Basis ledger").
    const run = runCli(["ledger", "reconcile", "--db", db, "--json"]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as {
      mismatches: number;
      findings: { code: string; ledger: number; document: number }[];
    };
    expect(result.mismatches).toBe(2);
    expect(runCli(["ledger", "reconcile", "--db", db]).code).toBe(1);
    expect(result.findings.slice(0, 2).map((f) => [f.code, f.ledger, f.document])).toEqual([
      ["FORM_1099R_BOX2A_MISMATCH", 1234.56, 38234.56],
      ["FORM_1099R_BOX5_MISMATCH", 37000, 0],
    ]);
  });

  it("reports a year with its Form 8606 lines, expected 1099-Rs and clocks, in JSON and Markdown", () => {
    const { db, file } = setup();
    runCli(["ledger", "import", file, "--db", db]);
    const report = runCliJson<{
      form8606: { lines: Record<string, number>; line10: string };
      expected1099Rs: {
        payer: string;
        box1: number;
        box2a: number | null;
        box5: number | null;
        box7: string | null;
      }[];
      openClocks: { rule: string; taxable: number | null }[];
    }>(["ledger", "report", "--year", "2025", "--db", db]);
    expect(report.form8606.lines).toMatchObject({ "1": 7000, "8": 7003.21, "11": 7000, "14": 0, "18": 3.21 });
    expect(report.form8606.line10).toBe("700000/700321");
    expect(report.expected1099Rs).toContainEqual({
      payer: "acme-after-tax",
      taxYear: 2025,
      box1: 38234.56,
      box2a: 1234.56,
      box5: 37000,
      box7: "G",
    });
    expect(report.openClocks.find((c) => c.rule === "in-plan-roth-rollover")?.taxable).toBe(1234.56);
    const markdown = runCli(["ledger", "report", "--year", "2025", "--db", db]);
    expect(markdown.stdout).toContain(
      "| 18 | Taxable amount of the conversions (line 16 minus line 17) | $3.21 |",
    );
    expect(markdown.stdout).toContain("## Open five-year clocks");
  });

  it("rejects a bad file whole, listing every error with line and column, and writes nothing", () => {
    const { dir, db } = setup();
    const bad = join(dir, "bad.csv");
    const overdraw = "2025-08-01,distribution,acme-roth,99999999.00,,,,,,,,";
    writeFileSync(
      bad,
      `${LEDGER}${overdraw}\n2025-08-02,after-tax-contribution,ghost,1.00,,,,,,,,=HYPERLINK("x")\n2025-08-03,open,x,,,,,,,,,\n`,
    );
    // first the rows' format: every malformed cell in the file
    const format = runCli(["ledger", "import", bad, "--db", db]);
    expect(format.code).toBe(2);
    expect(format.stderr.trim().split("\n")).toEqual([
      `${bad}: line 16, column note: "=HYPERLINK("x")" looks like a spreadsheet formula (prefix it with ' to keep it as text)`,
      `${bad}: line 17, column kind: must be one of 401k-after-tax, 401k-pretax, roth-401k, traditional-ira, roth-ira, taxable`,
      `megaroth: ${bad}: 2 error(s); nothing was imported`,
    ]);
    // then, once every row is well-formed, every row the ledger's state refuses
    writeFileSync(bad, `${LEDGER}${overdraw}\n2025-08-02,after-tax-contribution,ghost,1.00,,,,,,,,\n`);
    const state = runCli(["ledger", "import", bad, "--db", db]);
    expect(state.stderr.trim().split("\n")).toEqual([
      `${bad}: line 15, column amount: is more than the ledger balance of acme-roth on 2025-08-01 ($38,234.56); record a statement-balance first`,
      `${bad}: line 16, column account: unknown account "ghost" (open it first)`,
      `megaroth: ${bad}: 2 error(s); nothing was imported`,
    ]);
    expect(runCliJson<{ events: unknown[] }>(["ledger", "list", "--db", db]).events).toEqual([]);
  });

  it("adds one event; bad input is one line naming the flag, exit 2", () => {
    const { db } = setup();
    const add = (...args: string[]) => runCli(["ledger", "add", "--db", db, ...args]);
    expect(
      add("--type", "open", "--date", "2025-01-01", "--account", "sub", "--kind", "401k-after-tax").code,
    ).toBe(0);
    const ok = add(
      "--type",
      "after-tax-contribution",
      "--date",
      "2025-01-31",
      "--account",
      "sub",
      "--amount",
      "1,500.00",
    );
    expect(ok).toMatchObject({
      code: 0,
      stdout: "Recorded event #2: 2025-01-31 after-tax-contribution on sub\n",
    });
    const bad = add(
      "--type",
      "after-tax-contribution",
      "--date",
      "2025-01-31",
      "--account",
      "sub",
      "--amount",
      "1.005",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'megaroth: --amount: "1.005" is not a dollar amount (e.g. 1234.56; at most 2 decimals)\n',
    );
    const again = add(
      "--type",
      "after-tax-contribution",
      "--date",
      "2025-01-31",
      "--account",
      "sub",
      "--amount",
      "1500",
    );
    expect(again).toMatchObject({
      code: 2,
      stderr: "megaroth: event: is already in the ledger (event #2)\n",
    });
    const wrongKind = add(
      "--type",
      "roth-ira-contribution",
      "--date",
      "2025-02-01",
      "--account",
      "sub",
      "--amount",
      "7000",
      "--tax-year",
      "2025",
    );
    expect(wrongKind.stderr).toBe(
      "megaroth: --account: a roth-ira-contribution cannot be recorded on a 401k-after-tax account (allowed: roth-ira)\n",
    );
    expect(runCli(["ledger", "balance", "--db", db, "--as-of", "2025-02-30"]).stderr).toBe(
      'megaroth: --as-of: "2025-02-30" is not a calendar date\n',
    );
    expect(runCli(["ledger", "balance", "--db", join(db, "..", "missing.sqlite")]).code).toBe(2);
  });

  it("exports CSV and JSON that re-import to the same ledger; backs up to a new file", () => {
    const { dir, db, file } = setup();
    runCli(["ledger", "import", file, "--db", db]);
    const original = runCliJson<Balance>(["ledger", "balance", "--as-of", "2026-12-31", "--db", db]);
    for (const format of ["csv", "json"]) {
      const out = join(dir, `export.${format}`);
      expect(runCli(["ledger", "export", "--format", format, "--output", out, "--db", db]).code).toBe(0);
      const copy = join(dir, `copy-${format}.sqlite`);
      runCli(["ledger", "init", "--db", copy]);
      expect(runCli(["ledger", "import", out, "--db", copy]).code).toBe(0);
      expect(runCliJson<Balance>(["ledger", "balance", "--as-of", "2026-12-31", "--db", copy])).toEqual(
        original,
      );
      expect(runCli(["ledger", "export", "--format", format, "--db", copy]).stdout).toBe(
        runCli(["ledger", "export", "--format", format, "--db", db]).stdout,
      );
    }
    const backup = join(dir, "backup.sqlite");
    expect(runCli(["ledger", "backup", backup, "--db", db]).code).toBe(0);
    expect(existsSync(backup)).toBe(true);
    expect(runCliJson<Balance>(["ledger", "balance", "--as-of", "2026-12-31", "--db", backup])).toEqual(
      original,
    );
    expect(runCli(["ledger", "backup", backup, "--db", db]).stderr).toMatch(/already exists/);
  });

  it("uses MEGAROTH_DB when --db is not given", () => {
    const { db, file } = setup();
    const result = runCli(["ledger", "import", file], { env: { MEGAROTH_DB: db } });
    expect(result.code).toBe(0);
    expect(runCliJson<{ events: unknown[] }>(["ledger", "list", "--db", db]).events).toHaveLength(13);
  });
});
