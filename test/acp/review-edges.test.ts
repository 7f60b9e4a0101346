import { describe, expect, it, onTestFinished } from "vitest";
import { type AcpParticipant, acpTestOf } from "../../packages/core/src/rules/acp-test.js";
import { type Cents, parseDollars } from "../../packages/core/src/rules/money/cents.js";
import { rational } from "../../packages/core/src/rules/money/rational.js";

const $ = parseDollars;
const CURRENT = { priorYearNhceAcp: null, refundOrder: "after-tax-first" } as const;

function employee(
  id: string,
  compensation: string,
  priorYear: string,
  match: string,
  afterTax: string,
  extra: Partial<AcpParticipant> = {},
): AcpParticipant {
  return {
    id,
    compensation: $(compensation),
    priorYearCompensation: $(priorYear),
    fivePercentOwner: false,
    match: $(match),
    afterTax: $(afterTax),
    acpIncome: null,
    acpBalanceStart: null,
    ...extra,
  };
}

describe("HCE status at the 2026 threshold (2025 figure $160,000; IRC §414(q)(1)(B))", () => {
  it("exactly $160,000 in 2025 is an NHCE, one cent more an HCE, a 5% owner always", () => {
    const r = acpTestOf(
      2026,
      [
        employee("at", "170000", "160000", "0", "0"),
        employee("over", "170000", "160000.01", "0", "0"),
        employee("owner", "40000", "40000", "0", "0", { fivePercentOwner: true }),
      ],
      CURRENT,
    );
    expect([r.hceCount, r.nhceCount]).toEqual([2, 1]);
  });
});

describe("ACP with a single NHCE", () => {
  // NHCE: 1,500 / 50,000 = 3.00%; limit max(3.75, min(6, 5)) = 5.00%.
  // HCE: (6,000 + 10,000) / 200,000 = 8.00% → level 5.00%, keeps 10,000, excess 6,000, all after-tax.
  const r = acpTestOf(
    2026,
    [employee("H", "200000", "200000", "6000", "10000"), employee("N", "50000", "50000", "1500", "0")],
    CURRENT,
  );
  it("fails at 8.00% against 5.00% and refunds $6,000 of after-tax", () => {
    expect(r.nhceAcp).toEqual(rational(300, 1));
    expect(r.maxHceAcp).toEqual(rational(500, 1));
    expect(r.passes).toBe(false);
    expect(r.totalExcess).toBe($("6000"));
    expect(r.refunds).toMatchObject([{ id: "H", excess: $("6000"), afterTax: $("6000"), match: 0 }]);
    // What-if: match 3.00% + after-tax x ≤ 5.00% → 2.00% of pay.
    expect(r.maxUniformHceAfterTax).toBe(200);
  });
});

describe("an HCE with match only, NHCE ACP 0% (limit min(2 × 0, 0 + 2) = 0, max(1.25 × 0, 0) = 0)", () => {
  const r = acpTestOf(
    2026,
    [
      employee("H", "200000", "200000", "6000", "0", {
        acpIncome: $("1000") as Cents,
        acpBalanceStart: $("14000") as Cents,
      }),
      employee("N", "50000", "50000", "0", "0"),
    ],
    CURRENT,
  );
  it("refunds the whole match: taxable, no basis, code 8, earnings by the alternative method", () => {
    // Earnings 1,000 × 6,000 / (14,000 + 6,000) = 300; amount 6,300, all taxable (box 2a), box 5 zero.
    expect(r.maxHceAcp).toEqual(rational(0, 1));
    expect(r.refunds).toMatchObject([
      {
        id: "H",
        excess: $("6000"),
        afterTax: 0,
        match: $("6000"),
        earnings: $("300"),
        amount: $("6300"),
        taxable: $("6300"),
        basis: 0,
        form1099RCode: "8",
      },
    ]);
    expect(r.warnings.map((w) => w.code)).toContain("acp-unvested-match");
    expect(r.warnings.map((w) => w.code)).toContain("acp-match-alone-fails");
  });
});

describe("the excess goes to the largest dollar amounts, not the highest ratios (IRC §401(m)(6)(C))", () => {
  // NHCE 4.00% → limit max(5, min(8, 6)) = 6.00%. HCE A: 30,000 / 360,000 (capped from 400,000) = 8.33%;
  // B: 15,000 / 150,000 = 10.00%. Allowed sum 2 × 600 = 1200 bp → level 600: A keeps 21,600 (cut 8,400),
  // B keeps 9,000 (cut 6,000): excess 14,400. By dollars A's 30,000 less 14,400 = 15,600 ≥ B's 15,000,
  // so A alone refunds all 14,400, although B had the higher ratio.
  const r = acpTestOf(
    2026,
    [
      employee("A", "400000", "400000", "10000", "20000"),
      employee("B", "150000", "170000", "5000", "10000"),
      employee("N", "100000", "100000", "4000", "0"),
    ],
    CURRENT,
  );
  it("levels to 6.00% and refunds A only", () => {
    expect(r.highestPermittedAcr).toBe(600);
    expect(r.totalExcess).toBe($("14400"));
    expect(r.refunds.map((x) => [x.id, x.excess])).toEqual([["A", $("14400")]]);
  });
});

describe("batch: before 2026 there is no Roth catch-up rule to be unknown", () => {
  it("2024 without prior_year_fica_wages: catch_up_must_be_roth false, no catch-up-roth-unknown", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { runCli } = await import("../helpers/cli.js");
    const dir = mkdtempSync(join(tmpdir(), "megaroth-review-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "p.csv");
    writeFileSync(
      file,
      "id,compensation,prior_year_compensation,five_percent_owner,deferrals,match,after_tax,age\nA,200000,190000,false,30000,0,0,55\n",
    );
    const out = runCli(["batch", file, "--year", "2024"]).stdout.trim().split("\n");
    const header = out[0]!.split(",");
    const row = out[1]!.split(",");
    const get = (name: string) => row[header.indexOf(name)];
    // 2024: 402(g) 23,000; catch-up 7,000 of the 7,500 limit.
    expect(get("catch_up")).toBe("7000.00");
    expect(get("catch_up_must_be_roth")).toBe("false");
    expect(get("warnings")).not.toContain("catch-up-roth-unknown");
  });
});
