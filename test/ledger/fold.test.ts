import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ACCOUNT_KINDS, LedgerEvent } from "../../packages/core/src/rules/ledger/events.js";
import { foldLedger } from "../../packages/core/src/rules/ledger/fold.js";
import { reconcile } from "../../packages/core/src/rules/ledger/reconcile.js";
import { renderYearReportMarkdown, yearReport } from "../../packages/core/src/rules/ledger/report.js";
import { eventsToCsv, parseLedgerCsv } from "../../src/ledger-store/csv.js";
import { ev, open } from "./events.js";

describe("fold: hand-computed cases", () => {
  it("a contribution made by April 15 for the prior year is line 1 and line 4 of that year, not its pro rata", () => {
    // Line 1 = 3,000 + 4,000 = 7,000; line 4 = 4,000; line 5 = 3,000; line 9 = 1,000 (Dec 31) + 4,000 = 5,000;
    // line 10 = 0.6; line 11 = 2,400; line 14 = 7,000 − 2,400 = 4,600; line 18 = 1,600.
    const state = foldLedger([
      open("trad", "traditional-ira", "2024-01-01"),
      open("roth", "roth-ira", "2024-01-01"),
      ev({
        type: "nondeductible-ira-contribution",
        date: "2024-03-01",
        account: "trad",
        amount: 3000,
        taxYear: 2024,
      }),
      ev({
        type: "statement-balance",
        date: "2024-05-01",
        account: "trad",
        amount: 5000,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "roth-ira-conversion",
        date: "2024-05-02",
        account: "trad",
        toAccount: "roth",
        amount: 4000,
      }),
      ev({
        type: "nondeductible-ira-contribution",
        date: "2025-04-15",
        account: "trad",
        amount: 4000,
        taxYear: 2024,
      }),
    ]);
    const lines = state.form8606.get(2024)!.lines;
    expect([lines["1"], lines["3"], lines["4"], lines["5"], lines["9"]]).toEqual([
      700000, 700000, 400000, 300000, 500000,
    ]);
    expect([lines["11"], lines["14"], lines["18"]]).toEqual([240000, 460000, 160000]);
    // the account holds the 2024 basis left (600) plus the April 2025 contribution (4,000) = line 14
    expect(state.accounts.get("trad")!.basis).toBe(460000);
    expect(state.carryForwardBasis).toBe(460000);
  });

  it("line 13 leaves several traditional IRAs in proportion to their basis, never below zero", () => {
    const state = foldLedger(
      [
        open("a", "traditional-ira", "2025-01-01"),
        open("b", "traditional-ira", "2025-01-01"),
        open("roth", "roth-ira", "2025-01-01"),
        ev({
          type: "nondeductible-ira-contribution",
          date: "2025-01-02",
          account: "a",
          amount: 1000,
          taxYear: 2025,
        }),
        ev({
          type: "nondeductible-ira-contribution",
          date: "2025-01-02",
          account: "b",
          amount: 3000,
          taxYear: 2025,
        }),
        ev({
          type: "roth-ira-conversion",
          date: "2025-01-03",
          account: "b",
          toAccount: "roth",
          amount: 3000,
        }),
      ],
      { asOf: "2025-12-31" },
    );
    // line 5 = 4,000; line 9 = 1,000 (a at Dec 31) + 3,000 = 4,000; line 10 = 1; line 13 = 3,000 → a: 750, b: 2,250
    expect(state.form8606.get(2025)!.lines["13"]).toBe(300000);
    expect(state.accounts.get("a")!.basis).toBe(25000);
    expect(state.accounts.get("b")!.basis).toBe(75000);
    expect(state.accounts.get("b")!.earnings).toBe(-75000);
  });

  it("warns when Form 8606 line 6 rests on a traditional IRA balance no December 31 statement confirms", () => {
    const events = [
      open("trad", "traditional-ira", "2025-01-01"),
      open("roth", "roth-ira", "2025-01-01"),
      ev({
        type: "statement-balance",
        date: "2025-01-10",
        account: "trad",
        amount: 10000,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "roth-ira-conversion",
        date: "2025-01-20",
        account: "trad",
        toAccount: "roth",
        amount: 4000,
      }),
    ];
    const codes = (state: ReturnType<typeof foldLedger>) =>
      (state.warningsByYear.get(2025) ?? []).map((w) => w.code);
    expect(codes(foldLedger(events, { asOf: "2025-12-31" }))).toEqual(["FORM_8606_LINE6_UNVALUED"]);
    const valued = [
      ...events,
      ev({ type: "year-end-value", date: "2025-12-31", account: "trad", amount: 6500 }),
    ];
    const state = foldLedger(valued, { asOf: "2025-12-31" });
    expect(codes(state)).toEqual([]);
    expect(state.form8606.get(2025)!.lines["18"]).toBe(400000);
  });

  it("refuses events it cannot apply, and they change nothing", () => {
    const state = foldLedger([
      open("sub", "401k-after-tax"),
      open("sub", "401k-after-tax"),
      ev({ type: "after-tax-contribution", date: "2020-02-01", account: "nobody", amount: 10 }),
      ev({ type: "roth-ira-contribution", date: "2020-02-01", account: "sub", amount: 10, taxYear: 2020 }),
      ev({ type: "after-tax-contribution", date: "2020-02-01", account: "sub", amount: 100 }),
      ev({ type: "distribution", date: "2020-03-01", account: "sub", amount: 100.01 }),
      ev({ type: "after-tax-contribution", date: "2019-12-31", account: "sub", amount: 5 }),
    ]);
    expect(state.problems.map((p) => [p.index, p.field])).toEqual([
      [6, "account"],
      [1, "account"],
      [2, "account"],
      [3, "account"],
      [5, "amount"],
    ]);
    expect(state.accounts.get("sub")).toMatchObject({ balance: 10000, basis: 10000, earnings: 0 });
  });
});

describe("reconcile", () => {
  const base = [
    open("sub", "401k-after-tax", "2025-01-01"),
    open("trad", "traditional-ira", "2025-01-01"),
    open("roth", "roth-ira", "2025-01-01"),
    ev({ type: "after-tax-contribution", date: "2025-01-31", account: "sub", amount: 1000 }),
    ev({ type: "after-tax-contribution", date: "2025-02-28", account: "sub", amount: 1000 }),
  ];

  it("flags a statement whose basis or balance the recorded events do not explain", () => {
    const findings = reconcile(
      foldLedger([
        ...base,
        ev({
          type: "statement-balance",
          date: "2025-03-31",
          account: "sub",
          amount: 3050,
          basis: 3000,
          earnings: 50,
        }),
      ]),
    );
    expect(findings.map((f) => [f.code, f.ledger, f.document])).toEqual([
      ["STATEMENT_BASIS_MISMATCH", 200000, 300000],
      ["STATEMENT_BALANCE_MISMATCH", 205000, 305000],
    ]);
  });

  it("accepts a statement that agrees", () => {
    const state = foldLedger([
      ...base,
      ev({
        type: "statement-balance",
        date: "2025-03-31",
        account: "sub",
        amount: 2050,
        basis: 2000,
        earnings: 50,
      }),
    ]);
    expect(reconcile(state)).toEqual([]);
  });

  it("flags a 1099-R with code G and $0 in box 2a when the conversion carried earnings, and a wrong code", () => {
    const state = foldLedger([
      ...base,
      open("r401k", "roth-401k", "2025-01-01"),
      ev({
        type: "statement-balance",
        date: "2025-03-31",
        account: "sub",
        amount: 2050,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "in-plan-roth-conversion",
        date: "2025-04-01",
        account: "sub",
        toAccount: "r401k",
        amount: 2050,
      }),
      ev({
        type: "1099-r",
        date: "2026-01-31",
        account: "sub",
        taxYear: 2025,
        amount: 2050,
        taxable: 0,
        basis: 2050,
        code: "G",
      }),
      ev({
        type: "1099-r",
        date: "2026-01-31",
        account: "r401k",
        taxYear: 2025,
        amount: 10,
        taxable: 10,
        basis: 0,
        code: "B",
      }),
    ]);
    expect(reconcile(state).map((f) => [f.code, f.ledger, f.document])).toEqual([
      ["FORM_1099R_BOX2A_MISMATCH", 5000, 0],
      ["FORM_1099R_BOX5_MISMATCH", 200000, 205000],
      ["FORM_1099R_UNEXPECTED", null, 1000],
    ]);
  });

  it("flags a filed Form 8606 whose line 14 is not the basis the ledger carries", () => {
    const state = foldLedger([
      ...base,
      ev({
        type: "nondeductible-ira-contribution",
        date: "2025-02-01",
        account: "trad",
        amount: 7000,
        taxYear: 2025,
      }),
      ev({ type: "form-8606", date: "2026-04-01", account: "trad", taxYear: 2025, amount: 0 }),
    ]);
    const [finding] = reconcile(state);
    expect(finding).toMatchObject({ code: "FORM_8606_LINE14_MISMATCH", ledger: 700000, document: 0 });
  });
});

describe("yearly report", () => {
  it("shows each account, Form 8606 lines, expected 1099-Rs and open clocks", () => {
    const events = [
      open("trad", "traditional-ira", "2025-01-01"),
      open("roth", "roth-ira", "2025-01-01"),
      ev({
        type: "nondeductible-ira-contribution",
        date: "2025-01-10",
        account: "trad",
        amount: 7000,
        taxYear: 2025,
      }),
      ev({
        type: "statement-balance",
        date: "2025-01-20",
        account: "trad",
        amount: 7012.34,
        basis: null,
        earnings: null,
      }),
      ev({
        type: "roth-ira-conversion",
        date: "2025-01-21",
        account: "trad",
        toAccount: "roth",
        amount: 7012.34,
      }),
    ];
    const report = yearReport(events, 2025);
    expect(report.accounts.find((a) => a.account === "trad")!.taxable).toBe(1234);
    expect(report.form8606!.lines["18"]).toBe(1234);
    expect(report.openClocks.map((c) => [c.rule, c.endsOn, c.taxable])).toEqual([
      ["roth-ira-qualified", "2029-12-31", null],
      ["conversion", "2029-12-31", 1234],
    ]);
    const markdown = renderYearReportMarkdown(report);
    expect(markdown).toContain("| 18 | Taxable amount of the conversions (line 16 minus line 17) | $12.34 |");
    expect(markdown).toContain(
      "| 10 | Line 5 divided by line 9 (not more than 1.000) | 0.998240 (exact ratio) |",
    );
  });
});

/** Random ledgers over every account kind: any mix of events, amounts and statement values. */
const KIND_OF: Record<string, (typeof ACCOUNT_KINDS)[number]> = {
  at: "401k-after-tax",
  pre: "401k-pretax",
  r401: "roth-401k",
  trad: "traditional-ira",
  trad2: "traditional-ira",
  rira: "roth-ira",
  tax: "taxable",
};
const ids = Object.keys(KIND_OF);
const cents = fc.integer({ min: 1, max: 5_000_000 });
const date = fc
  .record({
    y: fc.integer({ min: 2020, max: 2027 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
const randomEvent = fc.oneof(
  fc.record({
    type: fc.constant("after-tax-contribution"),
    account: fc.constantFrom("at", "r401", "tax"),
    amount: cents,
  }),
  fc.record({ type: fc.constant("employer-contribution"), account: fc.constant("pre"), amount: cents }),
  fc.record({
    type: fc.constant("nondeductible-ira-contribution"),
    account: fc.constantFrom("trad", "trad2"),
    amount: cents,
  }),
  fc.record({ type: fc.constant("roth-ira-contribution"), account: fc.constant("rira"), amount: cents }),
  fc.record({
    type: fc.constant("in-plan-roth-conversion"),
    account: fc.constantFrom("at", "pre"),
    toAccount: fc.constant("r401"),
    amount: cents,
  }),
  fc.record({
    type: fc.constant("roth-ira-conversion"),
    account: fc.constantFrom("trad", "trad2"),
    toAccount: fc.constant("rira"),
    amount: cents,
  }),
  fc.record({
    type: fc.constant("rollover"),
    account: fc.constantFrom("at", "pre"),
    amount: cents,
    split: fc.integer({ min: 0, max: 100 }),
    cashPct: fc.integer({ min: 0, max: 100 }),
  }),
  fc.record({ type: fc.constant("distribution"), account: fc.constantFrom(...ids), amount: cents }),
  fc.record({
    type: fc.constant("statement-balance"),
    account: fc.constantFrom(...ids),
    amount: fc.integer({ min: 0, max: 5_000_000 }),
  }),
);

function buildEvent(raw: Record<string, unknown>, when: string): LedgerEvent {
  const year = Number(when.slice(0, 4));
  const type = raw.type as string;
  const amount = (raw.amount as number) / 100;
  switch (type) {
    case "nondeductible-ira-contribution":
    case "roth-ira-contribution":
      return ev({ type, date: when, account: raw.account, amount, taxYear: year });
    case "statement-balance":
      return ev({ type, date: when, account: raw.account, amount, basis: null, earnings: null });
    case "rollover": {
      const total = raw.amount as number;
      const rolled = Math.floor((total * (100 - (raw.cashPct as number))) / 100);
      const toTrad = Math.floor((rolled * (raw.split as number)) / 100);
      const destinations = [
        { account: "trad", amount: toTrad / 100 },
        { account: "rira", amount: (rolled - toTrad) / 100 },
      ].filter((d) => d.amount > 0);
      if (destinations.length === 0) destinations.push({ account: "rira", amount });
      return ev({ type, date: when, account: raw.account, amount, destinations });
    }
    default:
      return ev({ ...raw, date: when, amount });
  }
}

describe("fold: properties", () => {
  it("basis ≥ 0 and basis + earnings = balance for every account, at every year end and at the end", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(randomEvent, date), { maxLength: 60 }), (raws) => {
        const events = [
          ...ids.map((id) => open(id, KIND_OF[id]!, "2020-01-01")),
          ...raws.map(([raw, when]) => buildEvent(raw as Record<string, unknown>, when)),
        ];
        const state = foldLedger(events, { asOf: "2027-12-31" });
        const snapshots = [...state.yearEnd.values()].flatMap((s) => [...s.values()]);
        for (const a of [...state.accounts.values(), ...snapshots]) {
          expect(a.basis).toBeGreaterThanOrEqual(0);
          expect(a.basis + a.earnings).toBe(a.balance);
        }
        const roth = state.accounts.get("rira")!;
        const layersLeft = roth.layers.reduce((s, l) => s + l.amount - l.distributed, 0);
        expect(roth.basis).toBe(roth.regularBasis + layersLeft);
        for (const year of state.form8606.values()) {
          expect(year.lines["13"] ?? 0).toBeLessThanOrEqual(year.lines["5"] ?? 0);
          expect(year.basisCarriedForward).toBeGreaterThanOrEqual(0);
          // the basis the traditional IRAs hold at December 31 is the form's line 14, carried to next year's line 2
          const held = [...state.yearEnd.get(year.year)!.entries()]
            .filter(([id]) => KIND_OF[id] === "traditional-ira")
            .reduce((s, [, a]) => s + a.basis, 0);
          expect(held).toBe(year.basisCarriedForward);
        }
        // and the ledger survives a CSV export and re-import unchanged
        const back = parseLedgerCsv(eventsToCsv(events));
        expect(back.errors).toEqual([]);
        expect(foldLedger(back.events, { asOf: "2027-12-31" })).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });
});
