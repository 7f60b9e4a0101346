import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "megaroth-batch-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function rows(stdout: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(stdout, { header: true, skipEmptyLines: true }).data;
}

const HEADER =
  "id,compensation,prior_year_compensation,five_percent_owner,deferrals,match,after_tax,age,prior_year_fica_wages";

describe("megaroth batch", () => {
  const file = csv(
    "workforce.csv",
    `${HEADER}
E001,185000,172000,false,23500,7400,15000,44,170000
E002,64000,61000,false,3840,2560,0,31,61000
"Smith, Jo",300000,290000,true,31000,9000,80000,52,184500
`,
  );
  const r = runCli(["batch", file, "--year", "2026", "--match", "100%@4%"]);
  const out = rows(r.stdout);

  it("writes one row per participant, in file order, and exits 0", () => {
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(out.map((o) => [o.line, o.id])).toEqual([
      ["2", "E001"],
      ["3", "E002"],
      ["4", "Smith, Jo"],
    ]);
  });

  it("E001: 2026 room $72,000 − $23,500 − 4% match $7,400 = $41,100; 22.21% of pay fills it", () => {
    // 41,100 / 185,000 = 22.216…% → 22.21% (rounded down); HCE: 2025 pay $172,000 > $160,000.
    expect(out[0]).toMatchObject({
      hce: "true",
      after_tax_room: "41100.00",
      after_tax_elected: "15000.00",
      after_tax_remaining: "26100.00",
      after_tax_over_room: "0.00",
      after_tax_election_pct: "22.21",
      binding_limit: "annual-additions-dollar-limit",
      employer_match: "7400.00",
      warnings: "hce-acp-refund-risk",
      error: "",
    });
  });

  it("E002: 100% of pay binds ($64,000 − $3,840 − $2,560 = $57,600), payroll cannot withhold it", () => {
    expect(out[1]).toMatchObject({
      hce: "false",
      after_tax_room: "57600.00",
      binding_limit: "compensation-limit",
    });
    expect(out[1]!.warnings).toContain("payroll-feasibility");
  });

  it("Smith: catch-up $6,500 outside 415(c), Roth because 2025 FICA wages $184,500 > $150,000; after-tax over room", () => {
    // Room 72,000 − 24,500 − 12,000 (4% of 300,000) = 35,500; elected 80,000 → 44,500 over. File match 9,000 ≠ 12,000.
    expect(out[2]).toMatchObject({
      regular_deferrals: "24500.00",
      catch_up: "6500.00",
      catch_up_must_be_roth: "true",
      after_tax_room: "35500.00",
      after_tax_over_room: "44500.00",
      employer_match: "12000.00",
    });
    expect((out[2]!.warnings ?? "").split(";")).toEqual(
      expect.arrayContaining(["match-differs", "after-tax-over-room", "hce-acp-refund-risk"]),
    );
  });

  it("without --match, takes each row's match column as the year's match", () => {
    const plain = rows(runCli(["batch", file, "--year", "2026"]).stdout);
    // Smith: 72,000 − 24,500 − 9,000 (the file's match) = 38,500.
    expect(plain[2]).toMatchObject({ employer_match: "9000.00", after_tax_room: "38500.00" });
    expect(plain[2]!.warnings).not.toContain("match-differs");
  });

  it("writes bad rows with their line and reason, and exits 2 with a one-line summary", () => {
    const bad = csv(
      "bad.csv",
      `${HEADER}
E001,185000,172000,false,23500,7400,15000,44,170000
E002,64000,61000,false,3840,2560,0,,61000
E003,-5,61000,false,3840,2560,0,31,61000
E004,90000,80000,false,0,0,0,31,
`,
    );
    const b = runCli(["batch", bad, "--year", "2026"]);
    expect(b.code).toBe(2);
    expect(b.stderr.trim().split("\n")).toHaveLength(1);
    expect(b.stderr).toContain("2 bad rows");
    const got = rows(b.stdout);
    expect(got.map((o) => [o.line, o.id, o.error])).toEqual([
      ["2", "E001", ""],
      ["3", "E002", "age is empty (allowed: a whole number 18–120, age at year end)"],
      ["4", "E003", "compensation -5 is negative (allowed: 0 or more)"],
      ["5", "E004", ""],
    ]);
    expect(got[2]!.after_tax_room).toBe("");
  });

  it("streams a file of many chunks in order, through stdout's backpressure", () => {
    const n = 40_000;
    const body = Array.from(
      { length: n },
      (_, i) => `E${i},${50_000 + i},40000,false,3000,0,0,40,40000`,
    ).join("\n");
    const big = csv("big.csv", `${HEADER}\n${body}\n`);
    const b = runCli(["batch", big, "--year", "2026"]);
    expect(b.code).toBe(0);
    const lines = b.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(n + 1);
    // Row i: room = min($72,000, pay $50,000 + i) − $3,000 deferrals.
    const i = 31_337;
    expect(lines[i + 1]!.split(",").slice(0, 4)).toEqual([
      String(i + 2),
      `E${i}`,
      "false",
      `${Math.min(72_000, 50_000 + i) - 3_000}.00`,
    ]);
    expect(lines.slice(1).every((l, k) => l.startsWith(`${k + 2},E${k},`))).toBe(true);
    expect(lines.every((l) => l.split(",").length === 18)).toBe(true);
  });

  it("refuses a file without an age column before writing anything", () => {
    const noAge = csv(
      "noage.csv",
      "id,compensation,prior_year_compensation,five_percent_owner,deferrals,match,after_tax\nA,1,1,false,0,0,0\n",
    );
    const b = runCli(["batch", noAge, "--year", "2026"]);
    expect(b.code).toBe(2);
    expect(b.stdout).toBe("");
    expect(b.stderr).toContain("missing column age");
  });

  it("leaves catch_up_must_be_roth empty and flags it when the file has no prior-year FICA wages", () => {
    const noFica = csv(
      "nofica.csv",
      "id,compensation,prior_year_compensation,five_percent_owner,deferrals,match,after_tax,age\nA,200000,190000,false,30000,0,0,55\n",
    );
    const got = rows(runCli(["batch", noFica, "--year", "2026"]).stdout);
    expect(got[0]).toMatchObject({ catch_up: "5500.00", catch_up_must_be_roth: "" });
    expect(got[0]!.warnings).toContain("catch-up-roth-unknown");
  });
});
