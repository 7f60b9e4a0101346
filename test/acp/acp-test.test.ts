import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AcpParticipant,
  type AcpResult,
  acpTally,
  acpTestOf,
  actualContributionRatio,
  distributeByDollarAmount,
  FIRST_PLAN_YEAR_NHCE_ACP,
  formatAcp,
  type HceContribution,
  highestPermittedAcr,
  maximumHceAcp,
} from "../../packages/core/src/rules/acp-test.js";
import { type Cents, cents, dollarsToCents } from "../../packages/core/src/rules/money/cents.js";
import { percentToBasisPoints } from "../../packages/core/src/rules/money/percent.js";
import { rational } from "../../packages/core/src/rules/money/rational.js";
import { goldenCases } from "../helpers/golden.js";

const CURRENT = { priorYearNhceAcp: null, refundOrder: "after-tax-first" } as const;

function person(
  id: string,
  compensation: number,
  match: number,
  afterTax: number,
  hce: boolean,
  extra: Partial<AcpParticipant> = {},
): AcpParticipant {
  return {
    id,
    compensation: dollarsToCents(compensation),
    priorYearCompensation: dollarsToCents(hce ? 200_000 : 50_000),
    fivePercentOwner: false,
    match: dollarsToCents(match),
    afterTax: dollarsToCents(afterTax),
    acpIncome: null,
    acpBalanceStart: null,
    ...extra,
  };
}

/** A percentage (JSON number, e.g. 5.0) as a rational of basis points. */
function bp(percent: number) {
  return rational(percentToBasisPoints(percent), 1);
}

describe("ACP golden cases (Treas. Reg. §1.401(m)-2(a)(1)(i))", () => {
  for (const c of goldenCases("ACP")) {
    it(`${c.id}: ${c.description}`, () => {
      const max = maximumHceAcp(bp(c.inputs.nhceAcpPct as number));
      expect(max).toEqual(bp(c.expected.maxHceAcpPct as number));
    });
  }
});

describe("maximumHceAcp: each branch and its boundaries", () => {
  it.each([
    // NHCE ≤ 2%: 2 × NHCE binds (1% → 2%); at 2%, 2× and +2 meet (4%)
    [1, 2],
    [2, 4],
    // 2% < NHCE < 8%: NHCE + 2 binds
    [5, 7],
    // NHCE = 8%: +2 and 1.25× meet (10%); above it 1.25× binds
    [8, 10],
    [10, 12.5],
  ])("NHCE %s%% → %s%%", (nhce, max) => {
    expect(maximumHceAcp(bp(nhce))).toEqual(bp(max));
  });

  it("stays exact for an NHCE ACP that is not a whole basis point (6.5875% → 8.5875%)", () => {
    expect(maximumHceAcp(rational(2635, 4))).toEqual(rational(3435, 4));
  });
});

describe("actualContributionRatio: to the nearest 0.01%", () => {
  // The ACR column of the regulation's example table (Treas. Reg. §1.401(m)-2, example): 6.71, 17.50, 7.06, 6.79, 12.50, 0.
  it.each([
    [12_750, 190_000, 671],
    [17_500, 100_000, 1750],
    [6_000, 85_000, 706],
    [4_750, 70_000, 679],
    [5_000, 40_000, 1250],
    [0, 10_000, 0],
  ])("$%s over $%s → %s bp", (contributions, compensation, expected) => {
    expect(actualContributionRatio(dollarsToCents(contributions), dollarsToCents(compensation))).toBe(
      expected,
    );
  });

  it("rounds an exact half up (11.605% → 11.61%) and just below it down", () => {
    expect(actualContributionRatio(cents(1_160_500), cents(10_000_000))).toBe(1161);
    expect(actualContributionRatio(cents(1_160_499), cents(10_000_000))).toBe(1160);
  });
});

describe("the regulation's example workforce (A, B HCEs; C–F NHCEs), plan year 2025", () => {
  const workforce = [
    person("A", 190_000, 9_250, 3_500, true),
    person("B", 100_000, 7_500, 10_000, false, { fivePercentOwner: true }),
    person("C", 85_000, 6_000, 0, false),
    person("D", 70_000, 4_750, 0, false),
    person("E", 40_000, 5_000, 0, false),
    person("F", 10_000, 0, 0, false),
  ];
  const r = acpTestOf(2025, workforce, CURRENT);

  it("averages the rounded ACRs exactly: HCE 12.105%, NHCE 6.5875%, limit 8.5875% — fails", () => {
    // HCE (6.71 + 17.50) / 2 = 12.105; NHCE (7.06 + 6.79 + 12.50 + 0) / 4 = 6.5875; limit 6.5875 + 2.
    expect(r.hceCount).toBe(2);
    expect(r.nhceCount).toBe(4);
    expect(r.hceAcp).toEqual(rational(24_210, 20));
    expect(r.nhceAcp).toEqual(rational(2635, 4));
    expect(r.maxHceAcp).toEqual(rational(3435, 4));
    expect(r.passes).toBe(false);
  });

  it("levels B to 10.46% and refunds $7,040 by dollar amount: B $5,895, A $1,145", () => {
    // Allowed ACR sum floor(2 × 8.5875% in bp) = 1717; 1717 − 671 = 1046 bp for B.
    // B keeps 10.46% × $100,000 = $10,460 of $17,500: excess $7,040.
    // By dollars: B $17,500 → A's $12,750 uses $4,750; the other $2,290 splits $1,145 each.
    expect(r.highestPermittedAcr).toBe(1046);
    expect(r.leveling).toEqual([{ id: "B", reduction: cents(704_000) }]);
    expect(r.totalExcess).toBe(704_000);
    expect(r.refunds.map((x) => [x.id, x.excess, x.afterTax, x.match])).toEqual([
      ["B", 589_500, 589_500, 0],
      ["A", 114_500, 114_500, 0],
    ]);
    expect(r.refunds.every((x) => x.form1099RCode === "8" && x.earnings === null)).toBe(true);
  });

  it("finds 2.40% as the highest uniform HCE after-tax election that passes", () => {
    // 2.40%: A (9,250 + 4,560) / 190,000 = 7.27%, B 9.90%: 17.17 ≤ 17.175. 2.41%: 7.28 + 9.91 = 17.19 fails.
    expect(r.maxUniformHceAfterTax).toBe(240);
  });

  it("takes the match first when the plan says so", () => {
    const m = acpTestOf(2025, workforce, { priorYearNhceAcp: null, refundOrder: "match-first" });
    expect(m.refunds.map((x) => [x.id, x.match, x.afterTax])).toEqual([
      ["B", 589_500, 0],
      ["A", 114_500, 0],
    ]);
  });
});

describe("a passing plan (irahelp example: NHCE 6.0%, HCE 7.5%, limit 8.0%)", () => {
  const r = acpTestOf(
    2025,
    [
      person("N1", 50_000, 0, 0, false),
      person("N2", 60_000, 6_000, 0, false),
      person("N3", 90_000, 7_200, 0, false),
      person("H1", 150_000, 7_500, 0, true),
      person("H2", 190_000, 19_000, 0, true),
    ],
    CURRENT,
  );
  it("passes with no refunds", () => {
    expect(r.nhceAcp).toEqual(bp(6));
    expect(r.hceAcp).toEqual(bp(7.5));
    expect(r.maxHceAcp).toEqual(bp(8));
    expect(r.passes).toBe(true);
    expect(r.refunds).toEqual([]);
    expect(r.totalExcess).toBe(0);
    expect(r.refundDeadline).toBeNull();
  });
});

describe("edge cases", () => {
  it("no NHCEs: deemed to pass, no limit, no what-if", () => {
    const r = acpTestOf(2026, [person("H", 300_000, 10_000, 30_000, true)], CURRENT);
    expect(r.passes).toBe(true);
    expect(r.maxHceAcp).toBeNull();
    expect(r.maxUniformHceAfterTax).toBeNull();
  });

  it("NHCE ACP 0%: any HCE contribution fails and is refunded in full", () => {
    const r = acpTestOf(
      2026,
      [person("N", 60_000, 0, 0, false), person("H", 300_000, 0, 20_000, true)],
      CURRENT,
    );
    expect(r.passes).toBe(false);
    expect(r.highestPermittedAcr).toBe(0);
    expect(r.refunds).toMatchObject([{ id: "H", excess: 2_000_000, afterTax: 2_000_000 }]);
    expect(r.maxUniformHceAfterTax).toBe(0);
  });

  it("caps testing compensation at §401(a)(17): $500,000 pay in 2026 counts as $360,000", () => {
    // $36,000 / $360,000 = 10.00%, not 7.20%.
    const r = acpTestOf(
      2026,
      [person("N", 60_000, 6_000, 0, false), person("H", 500_000, 6_000, 30_000, true)],
      CURRENT,
    );
    expect(r.hceAcp).toEqual(bp(10));
  });

  it("prior-year testing compares with the given NHCE ACP, and a first plan year uses 3%", () => {
    const people = [person("N", 60_000, 0, 0, false), person("H", 200_000, 10_000, 0, true)];
    const prior = acpTestOf(2026, people, { priorYearNhceAcp: bp(4), refundOrder: "after-tax-first" });
    expect(prior.testing).toBe("prior-year");
    expect(prior.maxHceAcp).toEqual(bp(6));
    expect(prior.passes).toBe(true);
    const first = acpTestOf(2026, people, {
      priorYearNhceAcp: FIRST_PLAN_YEAR_NHCE_ACP,
      refundOrder: "after-tax-first",
    });
    expect(first.maxHceAcp).toEqual(bp(5));
    expect(first.passes).toBe(true);
  });

  it("allocates earnings by the alternative method: income × excess ÷ (start balance + contributions)", () => {
    const r = acpTestOf(
      2026,
      [
        person("N", 60_000, 0, 0, false),
        person("H", 200_000, 0, 10_000, true, {
          acpIncome: dollarsToCents(1_000),
          acpBalanceStart: dollarsToCents(40_000),
        }),
      ],
      { priorYearNhceAcp: bp(2.5), refundOrder: "after-tax-first" },
    );
    // Limit max(3.125, min(5, 4.5)) = 4.50%: H keeps $9,000 of $10,000 → excess $1,000;
    // earnings $1,000 income × $1,000 excess ÷ ($40,000 + $10,000) = $20; taxable = the earnings.
    expect(r.refunds).toMatchObject([
      { id: "H", excess: 100_000, earnings: 2_000, amount: 102_000, taxable: 2_000, basis: 100_000 },
    ]);
  });

  it("formats exact and inexact ACPs", () => {
    expect(formatAcp(rational(500, 1))).toBe("5.00%");
    expect(formatAcp(rational(24_210, 20))).toBe("12.105%");
    expect(formatAcp(rational(1000, 3))).toBe("≈3.3333%");
  });
});

describe("leveling and dollar distribution by hand", () => {
  it("cuts the highest ACRs to the level where the sum fits", () => {
    // ACRs 1000, 800, 300; allowed 1500: cap 2 at L: 2L + 300 ≤ 1500 → L = 600.
    expect(highestPermittedAcr([300, 1000, 800], 1500)).toBe(600);
    expect(highestPermittedAcr([300, 1000, 800], 2100)).toBeNull();
  });

  it("spreads an excess over the largest dollar amounts, odd cents on the earliest", () => {
    const h = (id: string, order: number, amount: number): HceContribution => ({
      id,
      order,
      pay: cents(10_000_000),
      compensation: cents(10_000_000),
      match: cents(0),
      afterTax: cents(amount),
      acr: 0 as never,
      acpIncome: null,
      acpBalanceStart: null,
    });
    // 900, 700, 700 (cents): excess 301 → 900 to 700 uses 200; 101 over three → 34, 34, 33 retained 666, 666, 667.
    const shares = distributeByDollarAmount([h("x", 0, 700), h("y", 1, 900), h("z", 2, 700)], cents(301));
    expect(shares.map((s) => [s.hce.id, s.excess])).toEqual([
      ["y", 234],
      ["x", 34],
      ["z", 33],
    ]);
  });
});

/** Re-runs the test with each HCE's contributions cut by its leveling reduction (after-tax first). */
function retestAfterLeveling(year: number, people: readonly AcpParticipant[], result: AcpResult): AcpResult {
  const cut = new Map(result.leveling.map((l) => [l.id, l.reduction as number]));
  const leveled = people.map((p) => {
    const reduction = cut.get(p.id) ?? 0;
    const fromAfterTax = Math.min(reduction, p.afterTax);
    return {
      ...p,
      afterTax: cents(p.afterTax - fromAfterTax),
      match: cents(p.match - (reduction - fromAfterTax)),
    };
  });
  return acpTestOf(year, leveled, CURRENT);
}

const money = (max: number) => fc.integer({ min: 0, max }).map((n) => n as Cents);

const participantArb = (i: number) =>
  fc
    .record({
      compensation: fc.integer({ min: 1_000_00, max: 600_000_00 }),
      hce: fc.boolean(),
      fivePercentOwner: fc.boolean(),
      match: money(20_000_00),
      afterTax: money(50_000_00),
    })
    .map(
      (r): AcpParticipant => ({
        id: `P${i}`,
        compensation: r.compensation as Cents,
        priorYearCompensation: (r.hce ? 200_000_00 : 100_000_00) as Cents,
        fivePercentOwner: r.fivePercentOwner && r.hce,
        match: r.match,
        afterTax: r.afterTax,
        acpIncome: null,
        acpBalanceStart: null,
      }),
    );

const workforceArb = fc
  .integer({ min: 1, max: 40 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => participantArb(i))));

describe("properties of the correction (fast-check)", () => {
  it("after the leveling reductions the test passes, and it is the least leveling that does", () => {
    fc.assert(
      fc.property(workforceArb, (people) => {
        const r = acpTestOf(2026, people, CURRENT);
        if (r.passes) return;
        expect(retestAfterLeveling(2026, people, r).passes).toBe(true);
        // One basis point higher would not pass: Σ min(ACR, L + 1) exceeds the allowed sum.
        const tally = acpTally(2026);
        const hceAcrs = people
          .filter((p) => p.priorYearCompensation > tally.hceThreshold)
          .map((p) => {
            const comp = Math.min(p.compensation, tally.compensationLimit) as Cents;
            return actualContributionRatio(cents(p.match + p.afterTax), comp);
          });
        const level = r.highestPermittedAcr!;
        const sumAt = (l: number) => hceAcrs.reduce((s, a) => s + Math.min(a, l), 0);
        const max = r.maxHceAcp!;
        const allowed = (max.numerator * BigInt(hceAcrs.length)) / max.denominator;
        expect(BigInt(sumAt(level)) <= allowed).toBe(true);
        expect(BigInt(sumAt(level + 1)) > allowed).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("no refund exceeds what the HCE contributed, from either source, and the refunds add up to the excess", () => {
    fc.assert(
      fc.property(
        workforceArb,
        fc.constantFrom("after-tax-first", "match-first" as const),
        (people, order) => {
          const r = acpTestOf(2026, people, { priorYearNhceAcp: null, refundOrder: order });
          const byId = new Map(people.map((p) => [p.id, p]));
          let total = 0;
          for (const x of r.refunds) {
            const p = byId.get(x.id)!;
            expect(x.excess).toBeGreaterThan(0);
            expect(x.excess).toBeLessThanOrEqual(p.match + p.afterTax);
            expect(x.afterTax).toBeLessThanOrEqual(p.afterTax);
            expect(x.match).toBeLessThanOrEqual(p.match);
            expect(x.afterTax + x.match).toBe(x.excess);
            total += x.excess;
          }
          expect(total).toBe(r.totalExcess);
          expect(r.leveling.reduce((s, l) => s + l.reduction, 0)).toBe(r.totalExcess);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the what-if election passes and one basis point more fails (when below 100%)", () => {
    fc.assert(
      fc.property(workforceArb, (people) => {
        const r = acpTestOf(2026, people, CURRENT);
        if (r.maxUniformHceAfterTax === null) return;
        const elect = (bpOfPay: number) =>
          acpTestOf(
            2026,
            people.map((p) =>
              p.priorYearCompensation > 160_000_00 || p.fivePercentOwner
                ? { ...p, afterTax: cents(Math.floor((p.compensation * bpOfPay) / 10_000)) }
                : p,
            ),
            CURRENT,
          ).passes;
        expect(elect(r.maxUniformHceAfterTax)).toBe(true);
        if (r.maxUniformHceAfterTax < 10_000) expect(elect(r.maxUniformHceAfterTax + 1)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("the result does not depend on the order of the rows (except who gets an odd cent)", () => {
    fc.assert(
      fc.property(workforceArb, (people) => {
        const a = acpTestOf(2026, people, CURRENT);
        const b = acpTestOf(2026, [...people].reverse(), CURRENT);
        expect([b.hceAcp, b.nhceAcp, b.passes, b.totalExcess, b.maxUniformHceAfterTax]).toEqual([
          a.hceAcp,
          a.nhceAcp,
          a.passes,
          a.totalExcess,
          a.maxUniformHceAfterTax,
        ]);
        expect(a.hceCount + a.nhceCount).toBe(people.length);
      }),
      { numRuns: 100 },
    );
  });
});
