import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "megaroth-acp-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const HEADER = "id,compensation,prior_year_compensation,five_percent_owner,deferrals,match,after_tax";

// Treas. Reg. §1.401(m)-2 example: A (pay over the 2024 threshold) and B (5% owner) are HCEs in 2025.
const REGULATION = csv(
  "regulation.csv",
  `${HEADER}
A,190000,190000,false,15000,9250,3500
B,100000,100000,true,5000,7500,10000
C,85000,85000,false,12000,6000,0
D,70000,70000,false,9500,4750,0
E,40000,40000,false,10000,5000,0
F,10000,10000,false,0,0,0
`,
);

interface AcpJson {
  hceAcp: number;
  nhceAcp: number;
  maxHceAcp: number;
  passes: boolean;
  hceCount: number;
  nhceCount: number;
  highestPermittedAcr: number | null;
  totalExcess: number;
  maxUniformHceAfterTaxPct: number | null;
  refunds: {
    id: string;
    amount: number;
    afterTax: number;
    earnings: number | null;
    match: number;
    form1099RCode: string;
  }[];
  exact: { hceAcp: string };
  steps: { label: string; citation: string }[];
}

describe("megaroth acp", () => {
  it("tests the regulation's example and refunds by dollar amount (hand-computed in test/acp/acp-test.test.ts)", () => {
    const r = runCliJson<AcpJson>(["acp", REGULATION, "--year", "2025"]);
    expect([r.hceCount, r.nhceCount]).toEqual([2, 4]);
    expect([r.hceAcp, r.nhceAcp, r.maxHceAcp, r.passes]).toEqual([12.105, 6.5875, 8.5875, false]);
    expect(r.exact.hceAcp).toBe("2421/200");
    expect(r.highestPermittedAcr).toBe(10.46);
    expect(r.totalExcess).toBe(7040);
    expect(r.refunds).toMatchObject([
      { id: "B", amount: 5895, afterTax: 5895, earnings: null, match: 0, form1099RCode: "8" },
      { id: "A", amount: 1145, afterTax: 1145, earnings: null, match: 0, form1099RCode: "8" },
    ]);
    expect(r.maxUniformHceAfterTaxPct).toBe(2.4);
    expect(r.steps.every((s) => s.citation.length > 0)).toBe(true);
  });

  it("gives the README's figures for docs/participants-example.csv (checked by hand)", () => {
    const example = fileURLToPath(new URL("../../docs/participants-example.csv", import.meta.url));
    const r = runCliJson<AcpJson>(["acp", example, "--year", "2026"]);
    // NHCE ACRs 4, 4, 3, 0, 6 → 3.40%; limit min(6.80, 5.40) = 5.40%; HCE ACRs 19.00, 4.00, 10.25 → 11.0833%.
    expect([r.nhceAcp, r.maxHceAcp, r.hceAcp, r.exact.hceAcp, r.passes]).toEqual([
      3.4,
      5.4,
      11.0833,
      "133/12",
      false,
    ]);
    // Allowed sum 3 × 540 = 1620 bp: 2L + 400 = 1620 → L = 6.10%. H1 keeps $15,250 of $47,500 ($32,250),
    // H3 keeps $19,520 of $32,800 ($13,280): $45,530. By dollars: H1 and H3 each keep (80,300 − 45,530) / 2.
    expect([r.highestPermittedAcr, r.totalExcess]).toEqual([6.1, 45_530]);
    expect(r.refunds.map((x) => [x.id, x.amount])).toEqual([
      ["H1", 30_115],
      ["H3", 15_415],
    ]);
    // 1.40% of pay puts every HCE at 5.40% exactly (1,620 bp); 1.41% gives 5.41% each.
    expect(r.maxUniformHceAfterTaxPct).toBe(1.4);
  });

  it("prints a readable result with the refunds", () => {
    const r = runCli(["acp", REGULATION, "--year", "2025"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("FAILS");
    expect(r.stdout).toContain("8.5875%");
    expect(r.stdout).toMatch(/ B .*\$5,895\.00 .*\$5,895\.00/);
  });

  it("prior-year testing uses the given NHCE ACP (4% → 6%), a first plan year 3% (→ 5%)", () => {
    const prior = runCliJson<AcpJson>([
      "acp",
      REGULATION,
      "--year",
      "2025",
      "--prior-year-testing",
      "--prior-year-nhce-acp",
      "4",
    ]);
    expect([prior.nhceAcp, prior.maxHceAcp]).toEqual([4, 6]);
    const first = runCliJson<AcpJson>([
      "acp",
      REGULATION,
      "--year",
      "2025",
      "--prior-year-testing",
      "--first-plan-year",
    ]);
    expect(first.maxHceAcp).toBe(5);
  });

  it("ignores an age column it does not need (a 17-year-old is still tested)", () => {
    const file = csv(
      "age.csv",
      `${HEADER},age\nN,60000,50000,false,0,3000,0,17\nH,200000,200000,false,0,6000,0,\n`,
    );
    const r = runCliJson<AcpJson>(["acp", file, "--year", "2026"]);
    expect([r.nhceAcp, r.hceAcp, r.passes]).toEqual([5, 3, true]);
  });

  it("computes earnings from acp_income and acp_balance_start", () => {
    const file = csv(
      "earnings.csv",
      `${HEADER},acp_income,acp_balance_start
N,60000,50000,false,0,0,0,,
H,200000,200000,false,0,0,10000,1000,40000
`,
    );
    const r = runCliJson<AcpJson>([
      "acp",
      file,
      "--year",
      "2026",
      "--prior-year-testing",
      "--prior-year-nhce-acp",
      "2.5",
    ]);
    // Limit 4.50%: $1,000 excess; earnings $1,000 × 1,000 ÷ (40,000 + 10,000) = $20.
    expect(r.refunds).toMatchObject([{ id: "H", amount: 1020, afterTax: 1000, earnings: 20 }]);
  });

  it("reports bad rows with their line numbers, one line, exit 2, nothing on stdout", () => {
    const file = csv(
      "bad.csv",
      `${HEADER}
A,190000,190000,false,15000,9250,3500
"B, with a
line break",12x,100000,true,5000,7500,10000

C,85000,85000,maybe,12000,6000,0
A,85000,85000,false,12000,6000,0
D,70000,70000,false,9500,4750
`,
    );
    const r = runCli(["acp", file, "--year", "2025"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("4 bad rows");
    expect(r.stderr).toContain('line 3: compensation "12x" is not a dollar amount');
    expect(r.stderr).toContain('line 6: five_percent_owner "maybe" is not true or false');
    expect(r.stderr).toContain('line 7: id "A" appears twice');
    expect(r.stderr).toContain("line 8: has 6 fields, the header has 7");
  });

  it("refuses a file without a required column, a missing file and an unsupported year", () => {
    const noMatch = csv(
      "nomatch.csv",
      "id,compensation,prior_year_compensation,five_percent_owner,deferrals,after_tax\nA,1,1,false,0,0\n",
    );
    for (const args of [
      ["acp", noMatch, "--year", "2025"],
      ["acp", join(dir, "missing.csv"), "--year", "2025"],
      ["acp", REGULATION, "--year", "2002"],
      ["acp", REGULATION, "--year", "2025", "--prior-year-testing"],
      ["acp", REGULATION, "--year", "2025", "--refund-order", "random"],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(runCli(["acp", noMatch, "--year", "2025"]).stderr).toContain("missing column match");
    expect(runCli(["acp", REGULATION, "--year", "2002"]).stderr).toMatch(/--year.*2003–2026/);
    expect(runCli(["acp", REGULATION, "--year", "2025", "--prior-year-testing"]).stderr).toContain(
      "--prior-year-nhce-acp",
    );
  });
});
