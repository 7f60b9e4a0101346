import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import * as api from "../../packages/core/src/index.js";
import { cents, dollars, InputError, isMoney, Money, MoneyError } from "../../packages/core/src/index.js";
import * as typed from "../../packages/core/src/typed.js";

// Issue #16 item 2: the checked API. Money goes in through dollars()/cents() and comes out as Money; every field
// is checked at run time with an error naming it. Figures below are derived by hand from the forms and the
// notices (each derivation next to it); `uncheck` shows that nothing else changes from the typed rules.

/** A checked result back in the typed rules' terms: Money → cents, fractions → their bigints. */
function uncheck(value: unknown): unknown {
  if (isMoney(value)) return value.cents;
  if (Array.isArray(value)) return value.map(uncheck);
  if (value instanceof Map || value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v !== "function") out[k] = uncheck(v);
  return out;
}

/** The message of what `fn` throws (an InputError is expected). */
function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("did not throw");
}

const c = typed.cents;

describe("Money", () => {
  it("is made only by dollars() and cents(), exactly", () => {
    expect(dollars("1,234.56").cents).toBe(123456);
    expect(dollars("$15000").cents).toBe(1_500_000);
    expect(dollars(1234.56).cents).toBe(123456);
    expect(dollars("-5").cents).toBe(-500);
    expect(cents(123456).dollars).toBe(1234.56);
    expect(() => dollars(1.005)).toThrow(MoneyError);
    expect(() => dollars("12 dollars")).toThrow(MoneyError);
    expect(() => dollars(Number.NaN)).toThrow(MoneyError);
    expect(() => cents(1.5)).toThrow(MoneyError);
    expect(() => cents("100" as never)).toThrow(/got the string "100"/);
    expect(() => new (Money as unknown as new (t: symbol, n: number) => Money)(Symbol("x"), 5)).toThrow(
      TypeError,
    );
  });

  it("prints, serialises and refuses arithmetic", () => {
    const m = dollars("35500");
    expect(m.toString()).toBe("$35,500.00");
    expect(`${dollars(-5)}`).toBe("-$5.00");
    expect(JSON.stringify({ m })).toBe('{"m":35500}');
    expect(() => (m as unknown as number) + 1).toThrow(/use \.cents or \.dollars/);
    expect(() => (m as unknown as number) > 0).toThrow(TypeError);
    expect(Object.isFrozen(m)).toBe(true);
    expect(m.equals(cents(3_550_000))).toBe(true);
  });
});

describe("checked inputs", () => {
  const room = {
    year: 2026,
    age: 55,
    compensation: dollars(300000),
    deferrals: dollars(32500),
    match: "100%@3%,50%@2%",
    priorYearFicaWages: dollars(200000),
  };

  it("refuses a plain number for money, naming the field (the issue's example)", () => {
    expect(inputError(() => api.contributionRoom({ ...room, compensation: 300000 as never }))).toBe(
      "contributionRoom: compensation: expected dollars(…) or cents(…), got the number 300000",
    );
  });

  it("names every missing field, never MoneyError … NaN", () => {
    const message = inputError(() => api.contributionRoom({ year: 2026, age: 55 } as never));
    expect(message).toBe(
      "contributionRoom: compensation: is missing: expected dollars(…) or cents(…); deferrals: is missing: expected dollars(…) or cents(…)",
    );
    expect(message).not.toMatch(/NaN/);
  });

  it("refuses unknown fields, wrong kinds and negative amounts, all at once with their paths", () => {
    try {
      api.contributionRoom({ ...room, compensaton: dollars(1), age: "55", deferrals: dollars(-1) } as never);
      expect.unreachable();
    } catch (error) {
      expect((error as InputError).issues).toEqual([
        { path: "age", message: 'expected an age in years, got the string "55"' },
        { path: "deferrals", message: "must be 0 or more" },
        { path: "compensaton", message: "is not a field this function takes" },
      ]);
    }
    expect(inputError(() => api.contributionRoom({ ...room, nonelective: 3 as never }))).toMatch(
      /nonelective: expected a percentage as text, e\.g\. "6%", got the number 3/,
    );
    expect(inputError(() => api.contributionRoom({ ...room, match: "100%@300%" }))).toMatch(
      /^contributionRoom: match: /,
    );
  });

  it("names the path inside arrays and nested objects", () => {
    const args = {
      year: 2026,
      marginalRate: "24%",
      cadence: "quarterly" as const,
      contributions: [
        { date: "2026-01-15", amount: dollars(1000) },
        { date: "2026-02-15", amount: 1000 as never },
      ],
    };
    expect(inputError(() => api.conversionCost(args))).toBe(
      "conversionCost: contributions[1].amount: expected dollars(…) or cents(…), got the number 1000",
    );
    expect(
      inputError(() =>
        api.foldEvents([
          { type: "after-tax-contribution", date: "2025-01-31", account: "a", amount: 1500 },
        ] as never),
      ),
    ).toBe("foldEvents: events[0].amount: expected dollars(…) or cents(…), got the number 1500");
    expect(
      inputError(() =>
        api.planPaychecks({ year: 2026, ageAtYearEnd: 40, pay: { salary: dollars(1) }, plan: {} } as never),
      ),
    ).toMatch(/planPaychecks: .*plan\.afterTax/);
  });

  it("says what an unknown year is", () => {
    expect(() => api.limits({ year: 2030 })).toThrow(api.UnsupportedYearError);
    expect(() => api.limits({ year: "2026" as never })).toThrow(/year: expected a tax year such as 2026/);
  });
});

describe("checked results: the hand-derived figures, and nothing else changed", () => {
  it("limits: 2026 from Notice 2025-67", () => {
    const l = api.limits({ year: 2026 });
    // Notice 2025-67: 402(g) $24,500; 415(c) $72,000; 401(a)(17) $360,000
    expect([l.electiveDeferralLimit, l.annualAdditionsLimit, l.compensationLimit].map(String)).toEqual([
      "$24,500.00",
      "$72,000.00",
      "$360,000.00",
    ]);
    expect(l.sources.annualAdditionsLimit).toMatch(/Notice 2025-67/);
    expect(api.limits({ year: 2019 }).rothCatchUpWageThreshold).toBeNull();
  });

  it("contributionRoom: the README's $35,500.00", () => {
    const r = api.contributionRoom({
      year: 2026,
      age: 55,
      compensation: dollars(300000),
      deferrals: dollars(32500),
      match: "100%@3%,50%@2%",
      priorYearFicaWages: dollars(200000),
    });
    // 415(c) $72,000 − deferrals within 402(g) $24,500 − match (100% × 3% + 50% × 2% of $300,000 = $12,000);
    // the $8,000 above 402(g) is catch-up, outside 415(c) (IRC §414(v)(3)(A)). 72,000 − 24,500 − 12,000 = 35,500.
    expect(r.afterTaxRoom.toString()).toBe("$35,500.00");
    expect(r.employerMatch.cents).toBe(1_200_000);
    expect(r.catchUpContributed.cents).toBe(800_000);
    expect(r.catchUpMustBeRoth).toBe(true);
    expect(r.steps.every((s) => s.amount === null || isMoney(s.amount))).toBe(true);
    const rule = typed.contributionRoom({
      year: 2026,
      ageAtYearEnd: 55,
      compensation: c(30_000_000),
      electiveDeferrals: c(3_250_000),
      match: typed.parseMatchFormula("100%@3%,50%@2%"),
      matchOnCatchUp: false,
      nonelectiveBp: typed.basisPoints(0),
      afterTaxCap: null,
      priorYearFicaWages: c(20_000_000),
      planOffersRoth: true,
      otherEmployerDeferrals: typed.ZERO,
      relatedEmployerAdditions: typed.ZERO,
    });
    expect(uncheck(r)).toEqual(uncheck(rule));
  });

  it("selfEmployedRoom and employersRoom: an owner, and two employers", () => {
    const r = api.selfEmployedRoom({
      year: 2026,
      age: 45,
      netProfit: dollars(200000),
      deferrals: dollars(24500),
      nonelective: "25%",
    });
    // Schedule SE: 200,000 × 92.35% = 184,700; 12.4% × 184,500 (wage base) = 22,878 + 2.9% × 184,700 = 5,356.30
    // → 28,234.30, half 14,117.15; net earnings 185,882.85 × 20% (25% / 1.25, Pub 560) = 37,176.57;
    // room 72,000 − 24,500 − 37,176.57 = 10,323.43 (golden case with the same figures).
    expect(r.selfEmployment.employerNonelective.toString()).toBe("$37,176.57");
    expect(r.afterTaxRoom.toString()).toBe("$10,323.43");
    const e = api.employersRoom({
      name: "Acme",
      employee: { year: 2026, age: 40, compensation: dollars(200000), deferrals: dollars(10000) },
      others: [{ name: "Old job", deferrals: dollars(14500) }],
    });
    // 402(g) is the person's: 10,000 + 14,500 = 24,500. 415(c) is per unrelated employer: Acme 72,000 − 10,000
    // = 62,000; the old job 72,000 − 14,500 = 57,500.
    expect(e.personDeferrals.toString()).toBe("$24,500.00");
    expect(e.employers.map((x) => [x.name, x.afterTaxRoom.toString()])).toEqual([
      ["Acme", "$62,000.00"],
      ["Old job", "$57,500.00"],
    ]);
    expect(inputError(() => api.employersRoom({ name: "A", others: [] }))).toMatch(
      /employee: give employee or selfEmployed/,
    );
  });

  it("federalTax: 2025 single, the schedule and the QDCG worksheet", () => {
    const plain = api.federalTax({ year: 2025, filingStatus: "single", taxableIncome: dollars(100000) });
    // Rev. Proc. 2024-40 as amended by P.L. 119-21: 10% to 11,925; 12% to 48,475; 22% to 103,350; 24% to 197,300.
    // 1,192.50 + 0.12 × 36,550 = 4,386.00 + 0.22 × 51,525 = 11,335.50 → 16,914.00
    expect(plain.tax.toString()).toBe("$16,914.00");
    expect(plain.worksheet).toBeNull();
    const t = api.federalTax({
      year: 2025,
      filingStatus: "single",
      taxableIncome: dollars(110000),
      ltcg: dollars(10000),
      add: dollars(5000),
    });
    // QDCG worksheet, 2025 single (0% to 48,350, 15% to 533,400): line 5 = 100,000 ordinary; the 10,000 of gains
    // all at 15% (line 18 = 1,500); line 22 = tax(100,000) = 16,914; line 23 = 18,414; line 24 = tax(110,000) =
    // 16,914 + 0.22 × 3,350 + 0.24 × 6,650 = 19,247; line 25 = 18,414.
    expect(t.tax.toString()).toBe("$18,414.00");
    expect(t.worksheet?.line18.toString()).toBe("$1,500.00");
    expect(t.worksheet?.line24.toString()).toBe("$19,247.00");
    // +5,000 ordinary: tax(105,000) = 16,914 + 0.22 × 3,350 + 0.24 × 1,650 = 18,047, + 1,500 → 19,547; +1,133.
    expect(t.added?.incrementalTax.toString()).toBe("$1,133.00");
    expect(uncheck(t.worksheet)).toEqual(
      uncheck(typed.capitalGainWorksheet(2025, "single", c(11_000_000), c(1_000_000))),
    );
    expect(
      inputError(() =>
        api.federalTax({ year: 2025, filingStatus: "single", taxableIncome: dollars(1), ltcg: dollars(2) }),
      ),
    ).toBe("federalTax: ltcg: is more than taxableIncome (it is part of it)");
  });

  it("conversionCost: the README's quarterly conversion", () => {
    const r = api.conversionCost({
      year: 2026,
      marginalRate: "24%",
      contributions: [
        { date: "2026-01-15", amount: dollars(1000) },
        { date: "2026-02-15", amount: dollars(1000) },
      ],
      return: "10%",
      cadence: "quarterly",
    });
    // Converted 2026-03-31: $1,000 × 10% × 75/365 = 20.55 and $1,000 × 10% × 44/365 = 12.05 → 32.60 taxable;
    // 24% × 32.60 = 7.824 → $7.82.
    expect(r.conversions.map((x) => [x.date, x.amount.dollars, x.taxable.dollars, x.tax.dollars])).toEqual([
      ["2026-03-31", 2032.6, 32.6, 7.82],
    ]);
    expect(r.conversions[0]?.form1099R.box5.toString()).toBe("$2,000.00");
    const all = api.compareCadences({
      year: 2026,
      marginalRate: "24%",
      return: "10%",
      contributions: [{ date: "2026-01-15", amount: dollars(1000) }],
    });
    expect(all.map((x) => x.cadence)).toHaveLength(4);
    expect(
      inputError(() =>
        api.conversionCost({
          year: 2026,
          cadence: "yearly",
          contributions: [{ date: "2026-01-15", amount: dollars(1) }],
        }),
      ),
    ).toMatch(/marginalRate: is missing/);
  });

  it("splitDistribution: Notice 2014-54 puts the pretax into the direct rollover", () => {
    const s = api.splitDistribution({
      pretax: dollars(2500),
      afterTax: dollars(30000),
      distribution: dollars(32500),
      toRothIra: dollars(30000),
      cash: dollars(2500),
      age: 45,
    });
    // Pretax goes to direct rollovers first (Notice 2014-54 §III.A): Roth IRA gets 2,500 pretax + 27,500
    // after-tax; the $2,500 cash is after-tax; the pretax 2,500 converted is taxable.
    expect([s.rothIra.pretax, s.rothIra.afterTax, s.cash.pretax, s.cash.afterTax].map(String)).toEqual([
      "$2,500.00",
      "$27,500.00",
      "$0.00",
      "$2,500.00",
    ]);
    expect(s.taxableAmount.toString()).toBe("$2,500.00");
    expect(
      inputError(() =>
        api.splitDistribution({
          pretax: dollars(1),
          afterTax: dollars(1),
          distribution: dollars(2),
          cash: dollars(1),
          age: 45,
        }),
      ),
    ).toMatch(/add up to \$1\.00/);
  });

  it("form8606: line 10 to three places, lines in the form's order", () => {
    const f = api.form8606({
      year: 2026,
      nondeductibleContributions: dollars(7500),
      converted: dollars("7512.34"),
      ratio: "3dp",
    });
    // Line 10 = 7,500 / 7,512.34 = 0.99836 → 0.998; line 11 = 7,512.34 × 0.998 = 7,497.315 → 7,497.32;
    // line 14 = 7,500 − 7,497.32 = 2.68; line 18 = 7,512.34 − 7,497.32 = 15.02.
    expect(String(f.lines["11"])).toBe("$7,497.32");
    expect(String(f.lines["14"])).toBe("$2.68");
    expect(String(f.lines["18"])).toBe("$15.02");
    expect(f.lineList.find((l) => l.line === "10")?.ratio).toBe(0.998);
    const order = f.lineList.map((l) => l.line);
    expect(order).toEqual(typed.FORM_8606_LINES.filter((l) => order.includes(l)));
    expect(JSON.stringify(f.line10)).toBe('"499/500"'); // 0.998 in lowest terms
  });

  it("rothWithdrawal: the README's ordering", () => {
    const w = api.rothWithdrawal({
      year: 2026,
      amount: dollars(25000),
      age: 45,
      regularContributions: dollars(20000),
      conversions: [
        { year: 2022, taxablePortion: dollars(2000), nontaxablePortion: dollars(28000) },
        { year: 2025, taxablePortion: dollars(10000) },
      ],
    });
    // Contributions 20,000 first, then the 2022 conversion's taxable part 2,000 (within 2022–2026: 10% = 200),
    // then 3,000 of its nontaxable part. Nothing is income (conversions are basis).
    expect(w.layers.map((l) => [l.source, l.amount.dollars, l.penalty.dollars])).toEqual([
      ["regular contributions", 20000, 0],
      ["2022 conversion - taxable portion", 2000, 200],
      ["2022 conversion - nontaxable portion", 3000, 0],
    ]);
    expect(w.includibleInIncome.cents).toBe(0);
    expect(w.additionalTax10Pct.toString()).toBe("$200.00");
  });

  it("compareStrategies: equal budget over 20 years", () => {
    const r = api.compareStrategies({
      budget: dollars(10000),
      years: 20,
      rateNow: "24%",
      rateRetirement: "22%",
      stateRate: "5%",
      convertEvery: 1,
      monteCarlo: { paths: 200, seed: 7 },
    });
    // Pre-tax: 10,000 × 1.06^20 = 32,071.35 less 27% → 23,412.09. Roth: 7,100 (29% paid now) × 1.06^20 → 22,770.66.
    const value = (name: string) => r.strategies.find((s) => s.name === name)?.afterTaxValue.toString();
    expect(value("pre-tax")).toBe("$23,412.09");
    expect(value("roth")).toBe("$22,770.66");
    expect(r.monteCarlo?.strategies[0]?.byYear).toHaveLength(20);
    expect(isMoney(r.monteCarlo?.strategies[0]?.byYear[0]?.p50)).toBe(true);
  });

  it("acpTest: a failing test levels the HCE", () => {
    const r = api.acpTest({
      year: 2026,
      participants: [
        {
          id: "H1",
          compensation: dollars(200000),
          priorYearCompensation: dollars(200000),
          afterTax: dollars(30000),
        },
        {
          id: "N1",
          compensation: dollars(80000),
          priorYearCompensation: dollars(80000),
          match: dollars(2000),
        },
      ],
    });
    // H1 is an HCE (2025 pay over the $160,000 threshold): ACR 30,000 / 200,000 = 15%. N1: 2,000 / 80,000 = 2.5%.
    // IRC §401(m)(2)(A): max(1.25 × 2.5, min(2 × 2.5, 2.5 + 2)) = 4.5% → fails; H1 leveled to 4.5% of 200,000 = 9,000,
    // an excess of 30,000 − 9,000 = 21,000.
    expect(r.passes).toBe(false);
    expect(JSON.stringify(r.maxHceAcp)).toBe('"450/1"');
    expect(r.totalExcess.toString()).toBe("$21,000.00");
    expect(() => JSON.stringify(r)).not.toThrow();
  });

  it("planPaychecks: the same plan as the typed rule for an example scenario", () => {
    const file = parseYaml(readFileSync("examples/big-tech-biweekly.yaml", "utf8"));
    const parsed = typed.parseScenario(file);
    if (!parsed.ok) throw new Error("example does not parse");
    const withMoney = { ...file, pay: { ...file.pay, salary: dollars(file.pay.salary) } };
    const plan = api.planPaychecks(withMoney);
    expect(uncheck(plan)).toEqual(uncheck(typed.planPaychecks(parsed.scenario)));
    expect(isMoney(plan.paychecks[0]?.afterTax)).toBe(true);
  });

  it("foldEvents and ledgerReport: basis from the events", () => {
    const events = [
      { type: "open", date: "2025-01-01", account: "acme-after-tax", kind: "401k-after-tax" },
      {
        type: "after-tax-contribution",
        date: "2025-01-31",
        account: "acme-after-tax",
        amount: dollars(1500),
      },
      {
        type: "statement-balance",
        date: "2025-12-31",
        account: "acme-after-tax",
        amount: dollars(1600),
        basis: dollars(1400),
        earnings: null,
      },
    ] as const;
    const s = api.foldEvents(events);
    // One $1,500 contribution: balance and basis $1,500; the statement's basis of $1,400 is a mismatch.
    expect(s.accounts[0]?.basis.toString()).toBe("$1,500.00");
    expect(s.findings.map((f) => [f.code, f.ledger?.dollars, f.document?.dollars])).toContainEqual([
      "STATEMENT_BASIS_MISMATCH",
      1500,
      1400,
    ]);
    const report = api.ledgerReport(events, { year: 2025 });
    expect(report.accounts[0]?.contributions.toString()).toBe("$1,500.00");
  });
});
