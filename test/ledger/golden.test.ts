import { describe, expect, it } from "vitest";
import {
  foldLedger,
  type LedgerState,
  openFiveYearClocks,
} from "../../packages/core/src/rules/ledger/fold.js";
import { formatRational } from "../../packages/core/src/rules/money/rational.js";
import { ev, goldenCase, open, usd } from "./events.js";

/**
 * The golden cases whose figures are a ledger's business (what a recorded distribution, rollover or
 * conversion does to basis, and the 1099-R it implies), run through the fold. Tax at a marginal rate,
 * the 10% additional tax and Form 8606 Part III belong to the conversions engine (issue #4) and are not
 * asserted here; F8606-01/-03b/-06/-09 need deductible IRA contributions, 3-decimal rounding or outstanding
 * rollovers, which the ledger does not record.
 */

const movementsOf = (state: LedgerState, type: string) => state.movements.filter((m) => m.type === type);
const sumTaxable = (state: LedgerState, type: string) =>
  movementsOf(state, type).reduce((s, m) => s + (m.taxable ?? 0), 0);

/** A non-Roth plan account holding `afterTax` basis and `pretax` money. */
function planAccount(afterTax: number, pretax: number) {
  return [
    open("plan", "401k-after-tax"),
    open("trad", "traditional-ira"),
    open("roth", "roth-ira"),
    ev({ type: "after-tax-contribution", date: "2025-01-15", account: "plan", amount: afterTax }),
    ev({
      type: "statement-balance",
      date: "2025-03-31",
      account: "plan",
      amount: afterTax + pretax,
      basis: null,
      earnings: null,
    }),
  ];
}

function rollover(amount: number, routing: Record<string, number>) {
  const destinations = [];
  if (routing.traditionalIraDirect)
    destinations.push({ account: "trad", amount: routing.traditionalIraDirect });
  if (routing.rothIraDirect) destinations.push({ account: "roth", amount: routing.rothIraDirect });
  return ev({ type: "rollover", date: "2025-04-01", account: "plan", amount, destinations });
}

describe("golden N54: Notice 2014-54 routing of a plan distribution", () => {
  it("N54-01: pretax fills the traditional IRA rollover; Roth IRA and cash are after-tax", () => {
    const { inputs, expected } = goldenCase("N54-01");
    const routing = inputs.routing as Record<string, number>;
    const state = foldLedger([
      ...planAccount(inputs.afterTax as number, inputs.pretax as number),
      rollover(inputs.distribution as number, routing),
    ]);
    expect(state.problems).toEqual([]);
    expect(sumTaxable(state, "rollover")).toBe(usd(expected.taxableAmount));
    expect(state.accounts.get("trad")!.basis).toBe(usd(expected.traditionalIraBasisAdded));
    const [, toRoth, cash] = movementsOf(state, "rollover");
    expect(toRoth!.nontaxable).toBe(usd(expected.rothIraNontaxableRollover));
    expect(cash!.toAccount).toBeNull();
    expect(cash!.nontaxable).toBe(usd(expected.cashNontaxable));
  });

  it("N54-02: a partial distribution is pro rata", () => {
    const { inputs, expected } = goldenCase("N54-02");
    const state = foldLedger([
      ...planAccount(inputs.afterTax as number, inputs.pretax as number),
      ev({ type: "distribution", date: "2025-04-01", account: "plan", amount: inputs.distribution }),
    ]);
    const [paid] = movementsOf(state, "distribution");
    expect(paid!.taxable).toBe(usd(expected.pretaxInDistribution));
    expect(paid!.nontaxable).toBe(usd(expected.afterTaxInDistribution));
  });

  for (const id of ["N54-03", "N54-04"]) {
    it(`${id}: the whole after-tax subaccount rolled out`, () => {
      const { inputs, expected } = goldenCase(id);
      const sub = inputs.subaccount as { afterTaxContributions: number; earnings: number };
      const routing = inputs.routing as Record<string, number>;
      const total = sub.afterTaxContributions + sub.earnings;
      const state = foldLedger([
        ...planAccount(sub.afterTaxContributions, sub.earnings),
        rollover(total, routing),
      ]);
      expect(state.problems).toEqual([]);
      expect(sumTaxable(state, "rollover")).toBe(usd(expected.taxableAmount));
      const roth = state.accounts.get("roth")!;
      if (id === "N54-03") {
        expect(movementsOf(state, "rollover").find((m) => m.toAccount === "roth")!.nontaxable).toBe(
          usd(expected.rothIraNontaxableRollover),
        );
        expect(state.accounts.get("trad")!.earnings).toBe(usd(expected.traditionalIraPretax));
        expect(state.accounts.get("trad")!.basis).toBe(usd(expected.traditionalIraBasisAdded));
      } else {
        expect(roth.layers[0]!.taxable).toBe(usd(expected.rothIraConversionTaxablePortion));
        expect(roth.layers[0]!.amount - roth.layers[0]!.taxable!).toBe(
          usd(expected.rothIraConversionNontaxablePortion),
        );
        // the 2,500 starts its own five-year conversion clock
        const clock = openFiveYearClocks(state, "2025-12-31").find((c) => c.rule === "conversion");
        expect(clock?.taxable).toBe(usd(expected.rothIraConversionTaxablePortion));
      }
      expect(state.accounts.get("plan")!.balance).toBe(0);
      expect(state.accounts.get("plan")!.basis).toBe(0);
    });
  }

  it("N54-06: a traditional IRA rollover larger than the pretax part carries after-tax basis (Form 8606 line 2)", () => {
    const { inputs, expected } = goldenCase("N54-06");
    const routing = inputs.routing as Record<string, number>;
    const state = foldLedger(
      [
        ...planAccount(inputs.afterTax as number, inputs.pretax as number),
        rollover(inputs.distribution as number, routing),
      ],
      { asOf: "2025-12-31" },
    );
    expect(sumTaxable(state, "rollover")).toBe(usd(expected.taxableAmount));
    expect(state.accounts.get("trad")!.earnings).toBe(usd(expected.traditionalIraPretax));
    expect(state.accounts.get("trad")!.basis).toBe(usd(expected.traditionalIraBasisAdded));
    // Form 8606 line 2 input; with no contribution, distribution or conversion Part I is not filed, the basis carries on
    expect(state.form8606.get(2025)!.input.priorBasis).toBe(usd(expected.traditionalIraBasisAdded));
    expect(state.carryForwardBasis).toBe(usd(expected.traditionalIraBasisAdded));
    const cash = movementsOf(state, "rollover").find((m) => m.toAccount === null)!;
    expect(cash.nontaxable).toBe(usd(expected.cashNontaxable));
  });
});

describe("golden CONV: in-plan Roth rollover and cash distribution of the after-tax subaccount", () => {
  it("CONV-02: only the earnings are taxable; 1099-R code G; the taxable part starts a five-year clock", () => {
    const { inputs, expected } = goldenCase("CONV-02");
    const afterTax = inputs.afterTaxContributions as number;
    const total = afterTax * 100 + usd(inputs.earnings);
    const state = foldLedger([
      open("sub", "401k-after-tax"),
      open("roth401k", "roth-401k"),
      ev({ type: "after-tax-contribution", date: "2025-01-15", account: "sub", amount: afterTax }),
      ev({
        type: "statement-balance",
        date: "2025-06-30",
        account: "sub",
        amount: total / 100,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "in-plan-roth-conversion",
        date: "2025-07-01",
        account: "sub",
        toAccount: "roth401k",
        amount: total / 100,
      }),
    ]);
    const [irr] = movementsOf(state, "in-plan-roth-conversion");
    expect(irr!.taxable).toBe(usd(expected.taxableAmount));
    expect(irr!.nontaxable).toBe(usd(expected.nontaxableBasis));
    const form = expected.form1099R as Record<string, unknown>;
    expect(state.expected1099Rs).toEqual([
      expect.objectContaining({
        box1: usd(form.box1),
        box2a: usd(form.box2a),
        box5: usd(form.box5),
        code: form.box7,
      }),
    ]);
    const clock = openFiveYearClocks(state, "2025-12-31").find((c) => c.rule === "in-plan-roth-rollover");
    expect(clock?.taxable).toBe(usd(expected.fiveYearRecaptureAmountTrackedForIRR));
    expect(state.accounts.get("roth401k")!.basis).toBe(total);
  });

  it("CONV-05: the whole subaccount in cash — boxes 1, 2a and 5 (box 7 depends on age, which the ledger does not hold)", () => {
    const { inputs, expected } = goldenCase("CONV-05");
    const afterTax = inputs.afterTaxContributions as number;
    const cash = (inputs.routing as { cashToParticipant: number }).cashToParticipant;
    const state = foldLedger([
      open("sub", "401k-after-tax"),
      ev({ type: "after-tax-contribution", date: "2025-01-15", account: "sub", amount: afterTax }),
      ev({
        type: "statement-balance",
        date: "2025-06-30",
        account: "sub",
        amount: cash,
        basis: null,
        earnings: null,
      }),
      ev({ type: "distribution", date: "2025-07-01", account: "sub", amount: cash }),
    ]);
    const [paid] = movementsOf(state, "distribution");
    expect(paid!.taxable).toBe(usd(expected.taxableAmount));
    expect(paid!.nontaxable).toBe(usd(expected.nontaxableAmount));
    const form = expected.form1099R as Record<string, unknown>;
    expect(state.expected1099Rs).toEqual([
      expect.objectContaining({
        box1: usd(form.box1),
        box2a: usd(form.box2a),
        box5: usd(form.box5),
        code: null,
      }),
    ]);
  });
});

function expectLines(state: LedgerState, year: number, expectedLines: Record<string, number>) {
  const form = state.form8606.get(year)!;
  for (const [line, value] of Object.entries(expectedLines)) {
    if (line === "10") {
      const places = String(value).split(".")[1]?.length ?? 0;
      expect(formatRational(form.line10!, Math.max(places, 1)), "line 10").toBe(
        value.toFixed(Math.max(places, 1)),
      );
      continue;
    }
    expect(form.lines[line as keyof typeof form.lines], `line ${line}`).toBe(usd(value));
  }
}

describe("golden F8606: the traditional-IRA basis the ledger carries (exact line 10)", () => {
  it("F8606-02: clean backdoor Roth", () => {
    const { inputs, expected } = goldenCase("F8606-02");
    const state = foldLedger(
      [
        open("trad", "traditional-ira"),
        open("roth", "roth-ira"),
        ev({
          type: "nondeductible-ira-contribution",
          date: "2025-01-10",
          account: "trad",
          amount: inputs.l1,
          taxYear: 2025,
        }),
        ev({
          type: "roth-ira-conversion",
          date: "2025-01-20",
          account: "trad",
          toAccount: "roth",
          amount: inputs.l8,
        }),
      ],
      { asOf: "2025-12-31" },
    );
    expectLines(state, 2025, expected.lines as Record<string, number>);
  });

  it("F8606-03a: $12.34 of earnings before the conversion, exact ratio", () => {
    const { inputs, expected } = goldenCase("F8606-03a");
    expect(inputs.precision).toBe("exact");
    const state = foldLedger(
      [
        open("trad", "traditional-ira"),
        open("roth", "roth-ira"),
        ev({
          type: "nondeductible-ira-contribution",
          date: "2026-01-10",
          account: "trad",
          amount: inputs.l1,
          taxYear: 2026,
        }),
        ev({
          type: "statement-balance",
          date: "2026-02-01",
          account: "trad",
          amount: inputs.l8,
          basis: null,
          earnings: null,
        }),
        ev({
          type: "roth-ira-conversion",
          date: "2026-02-02",
          account: "trad",
          toAccount: "roth",
          amount: inputs.l8,
        }),
      ],
      { asOf: "2026-12-31" },
    );
    expectLines(state, 2026, expected.lines as Record<string, number>);
    expect(state.accounts.get("roth")!.layers[0]!.taxable).toBe(
      usd((expected.lines as Record<string, number>)["18"]),
    );
  });

  it("F8606-08: converting a pretax IRA with no basis is all taxable", () => {
    const { inputs, expected } = goldenCase("F8606-08");
    const state = foldLedger(
      [
        open("trad", "traditional-ira"),
        open("roth", "roth-ira"),
        ev({
          type: "statement-balance",
          date: "2025-01-10",
          account: "trad",
          amount: inputs.conversion,
          basis: null,
          earnings: null,
        }),
        ev({
          type: "roth-ira-conversion",
          date: "2025-01-20",
          account: "trad",
          toAccount: "roth",
          amount: inputs.conversion,
        }),
      ],
      { asOf: "2025-12-31" },
    );
    expect(inputs.basis).toBe(0);
    expectLines(state, 2025, expected.lines as Record<string, number>);
  });
});

describe("golden ROTH: Roth IRA ordering rules (Treas. Reg. §1.408A-6 Q&A-8)", () => {
  it("ROTH-01 (Justin): regular contributions first, then the 2016 conversion's taxable part; nothing from earnings", () => {
    const { inputs, expected } = goldenCase("ROTH-01");
    const conversion = inputs.conversion as {
      year: number;
      amount: number;
      basis: number;
      taxablePortion: number;
    };
    const regular = inputs.regularContribution as { year: number; amount: number };
    const distribution = inputs.distribution as { year: number; amount: number };
    const state = foldLedger([
      open("trad", "traditional-ira", "2016-01-01"),
      open("roth", "roth-ira", "2016-01-01"),
      ev({
        type: "nondeductible-ira-contribution",
        date: "2016-01-05",
        account: "trad",
        amount: conversion.basis,
        taxYear: 2016,
      }),
      ev({
        type: "statement-balance",
        date: "2016-02-01",
        account: "trad",
        amount: conversion.amount,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "roth-ira-conversion",
        date: "2016-02-02",
        account: "trad",
        toAccount: "roth",
        amount: conversion.amount,
      }),
      ev({
        type: "roth-ira-contribution",
        date: `${regular.year}-03-01`,
        account: "roth",
        amount: regular.amount,
        taxYear: regular.year,
      }),
      ev({
        type: "distribution",
        date: `${distribution.year}-06-01`,
        account: "roth",
        amount: distribution.amount,
      }),
    ]);
    const roth = state.accounts.get("roth")!;
    expect(roth.layers[0]!.taxable).toBe(usd(conversion.taxablePortion));
    expect(usd(regular.amount) - roth.regularBasis).toBe(usd(expected.fromRegularContributions));
    expect(roth.layers[0]!.distributed).toBe(usd(expected.fromConversion2016TaxablePortion));
    const [paid] = movementsOf(state, "distribution");
    expect(paid!.taxable).toBe(usd(expected.includibleInIncome));
  });

  it("ROTH-02: regular basis, then the 2022 conversion taxable part first, inside its open five-year clock", () => {
    const { inputs, expected } = goldenCase("ROTH-02");
    const [c2022, c2025] = inputs.conversions as {
      year: number;
      taxablePortion: number;
      nontaxablePortion: number;
    }[];
    const state = foldLedger([
      open("trad", "traditional-ira", "2018-01-01"),
      open("roth", "roth-ira", "2018-01-01"),
      ev({
        type: "roth-ira-contribution",
        date: "2018-03-01",
        account: "roth",
        amount: inputs.regularContributionBasis,
        taxYear: 2018,
      }),
      ev({
        type: "nondeductible-ira-contribution",
        date: "2022-01-05",
        account: "trad",
        amount: c2022!.nontaxablePortion,
        taxYear: 2022,
      }),
      ev({
        type: "statement-balance",
        date: "2022-02-01",
        account: "trad",
        amount: c2022!.nontaxablePortion + c2022!.taxablePortion,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "roth-ira-conversion",
        date: "2022-02-02",
        account: "trad",
        toAccount: "roth",
        amount: c2022!.nontaxablePortion + c2022!.taxablePortion,
      }),
      ev({
        type: "statement-balance",
        date: "2025-02-01",
        account: "trad",
        amount: c2025!.taxablePortion,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "roth-ira-conversion",
        date: "2025-02-02",
        account: "trad",
        toAccount: "roth",
        amount: c2025!.taxablePortion,
      }),
      ev({
        type: "distribution",
        date: `${inputs.year}-06-01`,
        account: "roth",
        amount: inputs.distribution,
      }),
    ]);
    const roth = state.accounts.get("roth")!;
    const ordering = expected.ordering as { source: string; amount: number }[];
    expect(roth.layers.map((l) => l.taxable)).toEqual([
      usd(c2022!.taxablePortion),
      usd(c2025!.taxablePortion),
    ]);
    expect(usd(inputs.regularContributionBasis) - roth.regularBasis).toBe(usd(ordering[0]!.amount));
    expect(roth.layers[0]!.distributed).toBe(usd(ordering[1]!.amount + ordering[2]!.amount));
    expect(roth.layers[1]!.distributed).toBe(0);
    expect(movementsOf(state, "distribution")[0]!.taxable).toBe(usd(expected.includibleInIncome));
    const clock2022 = openFiveYearClocks(state, "2026-06-01").find(
      (c) => c.rule === "conversion" && c.startYear === 2022,
    );
    expect(clock2022?.endsOn).toBe("2026-12-31");
    expect(clock2022?.taxable).toBe(0);
  });
});
