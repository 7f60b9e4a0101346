import { describe, expect, it } from "vitest";
import {
  capitalGainWorksheet,
  centsToDollars,
  contributionRoom,
  dollarsToCents,
  type FilingStatus,
  incomeTax,
  longTermCapitalGainsTax,
  parseMatchFormula,
  percentToBasisPoints,
  ZERO,
} from "../../packages/core/src/typed.js";
import { goldenCases } from "../helpers/golden.js";

describe("golden TAX cases", () => {
  for (const c of goldenCases("TAX")) {
    it(`${c.id}: ${c.description}`, () => {
      const i = c.inputs as { year: number; filingStatus: FilingStatus; taxableIncome: number };
      expect(incomeTax(i.year, i.filingStatus, dollarsToCents(i.taxableIncome))).toBe(
        dollarsToCents(c.expected.tax as number),
      );
    });
  }
});

describe("golden LTCG cases", () => {
  for (const c of goldenCases("LTCG")) {
    it(`${c.id}: ${c.description}`, () => {
      const i = c.inputs as {
        year: number;
        filingStatus: FilingStatus;
        ordinaryTaxableIncome: number;
        longTermCapitalGains: number;
      };
      const r = longTermCapitalGainsTax(
        i.year,
        i.filingStatus,
        dollarsToCents(i.ordinaryTaxableIncome),
        dollarsToCents(i.longTermCapitalGains),
      );
      const e = c.expected as { gainsAt0Pct: number; gainsAt15Pct: number; capitalGainsTax: number };
      expect([r.gainsAt0Pct, r.gainsAt15Pct, r.capitalGainsTax]).toEqual(
        [e.gainsAt0Pct, e.gainsAt15Pct, e.capitalGainsTax].map(dollarsToCents),
      );
    });
  }
});

describe("golden QDCG cases: the Qualified Dividends and Capital Gain Tax Worksheet, line by line", () => {
  for (const c of goldenCases("QDCG")) {
    it(`${c.id}: ${c.description}`, () => {
      const i = c.inputs as {
        year: number;
        filingStatus: FilingStatus;
        taxableIncome: number;
        qualifiedDividendsAndLTCG: number;
      };
      const e = c.expected as { lines: Record<string, number>; tax: number };
      const w = capitalGainWorksheet(
        i.year,
        i.filingStatus,
        dollarsToCents(i.taxableIncome),
        dollarsToCents(i.qualifiedDividendsAndLTCG),
      );
      for (const [line, value] of Object.entries(e.lines)) {
        const amount = w[`line${line}` as keyof typeof w];
        expect(centsToDollars(amount), `line ${line}`).toBe(value);
      }
      expect(centsToDollars(w.line25)).toBe(e.tax);
      // The library's stacked form gives the same tax: ordinary income (line 5) plus the gains.
      const stacked = longTermCapitalGainsTax(
        i.year,
        i.filingStatus,
        dollarsToCents(i.taxableIncome - i.qualifiedDividendsAndLTCG),
        dollarsToCents(i.qualifiedDividendsAndLTCG),
      );
      expect(centsToDollars(stacked.tax)).toBe(e.tax);
      expect(stacked.capitalGainsTax).toBe(w.line25 - w.line22);
    });
  }
});

interface MultiEmployer {
  name: string;
  compensation: number;
  electiveDeferrals: number;
  match: { ratePct: number; upToPctOfComp: number };
  planAfterTaxCapPctOfPay?: number;
}

describe("golden MULTI cases", () => {
  const [multi01, multi04] = goldenCases("MULTI");

  it(`${multi01!.id}: ${multi01!.description}`, () => {
    const i = multi01!.inputs as { year: number; ageAtYearEnd: number; employers: MultiEmployer[] };
    const e = multi01!.expected as Record<string, Record<string, number> | number>;
    const results = i.employers.map((emp, k) => {
      const other = i.employers.filter((_, j) => j !== k).reduce((s, o) => s + o.electiveDeferrals, 0);
      return contributionRoom({
        year: i.year,
        ageAtYearEnd: i.ageAtYearEnd,
        compensation: dollarsToCents(emp.compensation),
        electiveDeferrals: dollarsToCents(emp.electiveDeferrals),
        match: [
          {
            rateBp: percentToBasisPoints(emp.match.ratePct),
            upToBp: percentToBasisPoints(emp.match.upToPctOfComp),
          },
        ],
        nonelectiveBp: percentToBasisPoints(0),
        afterTaxCap:
          emp.planAfterTaxCapPctOfPay === undefined
            ? null
            : { kind: "percent", bp: percentToBasisPoints(emp.planAfterTaxCapPctOfPay) },
        priorYearFicaWages: null,
        planOffersRoth: true,
        otherEmployerDeferrals: dollarsToCents(other),
        relatedEmployerAdditions: ZERO,
      });
    });
    const [a, b] = results;
    const ea = e.A as Record<string, number>;
    const eb = e.B as Record<string, number>;
    expect(a!.electiveDeferralLimit).toBe(dollarsToCents(e.limit402gPerPerson as number));
    expect(a!.regularDeferrals + b!.regularDeferrals).toBe(dollarsToCents(e.deferralsUsed as number));
    expect(a!.annualAdditionsLimit).toBe(dollarsToCents(ea.limit415!));
    expect(a!.employerMatch).toBe(dollarsToCents(ea.employerMatch!));
    expect(a!.afterTaxRoom).toBe(dollarsToCents(ea.afterTaxRoom!));
    expect(a!.annualAdditions).toBe(dollarsToCents(ea.annualAdditions!));
    expect(b!.annualAdditionsLimit).toBe(dollarsToCents(eb.limit415!));
    expect(b!.employerMatch).toBe(dollarsToCents(eb.employerMatch!));
    expect(b!.afterTaxRoom415).toBe(dollarsToCents(eb.afterTaxRoom415!));
    expect(b!.afterTaxRoom).toBe(dollarsToCents(eb.afterTaxRoom!));
    expect(b!.annualAdditions).toBe(dollarsToCents(eb.annualAdditions!));
    expect(a!.annualAdditions + b!.annualAdditions).toBe(
      dollarsToCents(e.totalAnnualAdditionsAllPlans as number),
    );
  });

  it(`${multi04!.id}: ${multi04!.description}`, () => {
    const i = multi04!.inputs as {
      year: number;
      ageAtYearEnd: number;
      deferralsByEmployer: { A: number; B: number };
    };
    const e = multi04!.expected as {
      totalDeferrals: number;
      limit402g: number;
      excessDeferral: number;
      correctionDeadline: string;
    };
    // Employer B's plan sees A's deferrals as other-employer deferrals.
    const b = contributionRoom({
      year: i.year,
      ageAtYearEnd: i.ageAtYearEnd,
      compensation: dollarsToCents(100_000),
      electiveDeferrals: dollarsToCents(i.deferralsByEmployer.B),
      match: parseMatchFormula("none"),
      nonelectiveBp: percentToBasisPoints(0),
      afterTaxCap: null,
      priorYearFicaWages: null,
      planOffersRoth: true,
      otherEmployerDeferrals: dollarsToCents(i.deferralsByEmployer.A),
      relatedEmployerAdditions: ZERO,
    });
    expect(b.electiveDeferralLimit).toBe(dollarsToCents(e.limit402g));
    expect(b.excessDeferral).toBe(dollarsToCents(e.excessDeferral));
    // B's 10,000 are within B's own 402(g) limit (§401(a)(30) counts B's plans only): all count in B's 415(c)
    // until the person has the excess distributed (Treas. Reg. §1.414(v)-1(a)(1); §1.402(g)-2(b)).
    expect(b.regularDeferrals).toBe(dollarsToCents(i.deferralsByEmployer.B));
    expect(b.excessDeferralThisPlan).toBe(ZERO);
    const warning = b.warnings.find((w) => w.code === "excess-deferral");
    expect(warning?.message).toContain("$6,500.00");
    expect(warning?.message).toContain("April 15, 2026");
    expect(b.excessDeferralDeadline).toBe(e.correctionDeadline);
  });
});
