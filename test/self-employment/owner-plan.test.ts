import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  basisPoints,
  cents,
  dollarsToCents,
  employersRoom,
  parseScenario,
  planOwnerDeposits,
  planPaychecks,
  type RoomInput,
  type Scenario,
  ZERO,
} from "../../packages/core/src/typed.js";

const EXAMPLES = new URL("../../examples/owners/", import.meta.url);

function scenario(value: unknown): Scenario {
  const r = parseScenario(value);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

const owner = (extra: Record<string, unknown> = {}, selfEmployed: Record<string, unknown> = {}) => ({
  year: 2026,
  ageAtYearEnd: 45,
  pay: { selfEmployed: { netProfit: 200000, ...selfEmployed } },
  plan: { nonelective: 25, afterTax: { allowed: "yes" } },
  ...extra,
});

describe("scenario: a self-employed owner", () => {
  it("plans deposits, not paychecks: the issue's first example (SOLO-01) through a scenario file", () => {
    const text = readFileSync(new URL("solo-401k.yaml", EXAMPLES), "utf8");
    const p = planOwnerDeposits(scenario(parse(text)));
    expect(p.employerNonelective).toBe(dollarsToCents(37176.57));
    expect(p.afterTaxTotal).toBe(dollarsToCents(10323.43));
    expect(p.compensation).toBe(dollarsToCents(148706.28));
    expect(p.deposits.map((d) => [d.kind, d.dueDate, d.dueWithoutExtension, d.amount])).toEqual([
      // Treas. Reg. §1.401(k)-1(a)(6)(iii): the election by the last day of the year.
      ["deferral-election", "2026-12-31", null, dollarsToCents(24500)],
      // Treas. Reg. §1.415(c)-1(b)(6)(i)(B): employee contributions within 30 days after the limitation year.
      ["after-tax", "2027-01-30", null, dollarsToCents(10323.43)],
      // IRC §404(a)(6): by the Form 1040 due date with the 6-month extension (Oct 15, 2027, a Friday).
      ["deferrals", "2027-10-15", "2027-04-15", dollarsToCents(24500)],
      ["employer-nonelective", "2027-10-15", "2027-04-15", dollarsToCents(37176.57)],
    ]);
  });

  it("a partner's plan deposits by the Form 1065 due dates; a W-2 job elsewhere as an entry (SOLO-04)", () => {
    const text = readFileSync(new URL("partner-with-day-job.json", EXAMPLES), "utf8");
    const p = planOwnerDeposits(scenario(JSON.parse(text)));
    expect(p.business).toBe("partnership");
    expect(p.deferralTotal).toBe(0);
    expect(p.employerNonelective).toBe(dollarsToCents(19732.18));
    expect(p.afterTaxTotal).toBe(dollarsToCents(52267.82));
    // IRC §6072(b): March 15, 2027 (Monday); extended September 15, 2027 (Wednesday).
    expect(p.deposits.find((d) => d.kind === "employer-nonelective")).toMatchObject({
      dueDate: "2027-09-15",
      dueWithoutExtension: "2027-03-15",
    });
  });

  it("the deferral goal 'max' is 402(g) + catch-up less deferrals elsewhere (age 55: 24,500 + 8,000 − 10,000)", () => {
    const p = planOwnerDeposits(scenario(owner({ ageAtYearEnd: 55, otherEmployerDeferrals: 10000 })));
    expect(p.deferralTotal).toBe(dollarsToCents(22500));
  });

  it("the paycheck planner refuses an owner, naming the field", () => {
    expect(() => planPaychecks(scenario(owner()))).toThrow(
      /^pay\.selfEmployed: a self-employed owner has no paychecks/,
    );
  });

  it.each([
    [owner({ plan: { nonelective: 30, afterTax: { allowed: "yes" } } }), "plan.nonelective", /0–25%/],
    [
      owner({ plan: { match: [{ rate: 100, upTo: 3 }], afterTax: { allowed: "yes" } } }),
      "plan.match",
      /not for a self-employed owner/,
    ],
    [{ ...owner(), pay: { selfEmployed: { netProfit: 1 }, salary: 5 } }, "pay", /give one of/],
    [
      { ...owner(), pay: { selfEmployed: { netProfit: 1 }, frequency: "biweekly" } },
      "pay.frequency",
      /no paychecks/,
    ],
    [owner({ ytd: { paychecksPaid: 1 } }), "ytd", /deposits/],
    [
      owner({}, { business: "llc" }),
      "pay.selfEmployed.business",
      /must be one of sole-proprietorship, partnership/,
    ],
    [
      owner({
        otherEmployers: [
          { name: "A", deferrals: 1 },
          { name: "A", deferrals: 2 },
        ],
      }),
      "otherEmployers[1].name",
      /listed twice/,
    ],
  ])("refuses %#: %s", (value, path, message) => {
    const r = parseScenario(value);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const error = r.errors.find((e) => e.path === path);
    expect(error, JSON.stringify(r.errors)).toBeDefined();
    expect(error!.message).toMatch(message);
  });
});

const employee = (compensation: number, deferrals: number): RoomInput => ({
  year: 2026,
  ageAtYearEnd: 45,
  compensation: dollarsToCents(compensation),
  electiveDeferrals: dollarsToCents(deferrals),
  match: [],
  nonelectiveBp: basisPoints(0),
  afterTaxCap: null,
  priorYearFicaWages: null,
  planOffersRoth: true,
  otherEmployerDeferrals: ZERO,
  relatedEmployerAdditions: ZERO,
});
const side = (related: boolean) => ({
  name: "Side gig",
  deferrals: dollarsToCents(14500),
  related,
  additions: dollarsToCents(5000),
  compensation: dollarsToCents(40000),
});

describe("employersRoom: each employer's 415(c) room side by side (issue #15 §2)", () => {
  it("unrelated: a limit each; 402(g) is the person's (24,500 = 10,000 here + 14,500 there)", () => {
    const r = employersRoom({
      name: "Acme",
      thisPlan: { kind: "employee", input: employee(150000, 10000) },
      others: [side(false)],
    });
    // Acme: 72,000 − 10,000 = 62,000. Side gig: min(72,000, 40,000) − 14,500 − 5,000 = 20,500.
    expect(r.employers.map((e) => [e.name, e.kind, e.annualAdditionsLimit, e.afterTaxRoom])).toEqual([
      ["Acme", "this-plan", dollarsToCents(72000), dollarsToCents(62000)],
      ["Side gig", "unrelated", dollarsToCents(40000), dollarsToCents(20500)],
    ]);
    expect(r.personDeferrals).toBe(dollarsToCents(24500));
    expect(r.personDeferralLimit).toBe(dollarsToCents(24500));
    expect(r.warnings.map((w) => w.code)).not.toContain("excess-deferral");
  });

  it("related: one shared limit — 72,000 − 10,000 − (14,500 + 5,000) = 42,500, shown for both", () => {
    const r = employersRoom({
      name: "Acme",
      thisPlan: { kind: "employee", input: employee(150000, 10000) },
      others: [side(true)],
    });
    expect(r.employers.map((e) => [e.kind, e.afterTaxRoom])).toEqual([
      ["this-plan", dollarsToCents(42500)],
      ["related", dollarsToCents(42500)],
    ]);
  });

  it("an owner's plan beside a day job (SOLO-04): 52,267.82 here, 72,000 − 24,500 − 6,000 = 41,500 there", () => {
    const r = employersRoom({
      name: "My business",
      thisPlan: {
        kind: "self-employed",
        input: {
          year: 2026,
          ageAtYearEnd: 45,
          netProfit: dollarsToCents(100000),
          w2WagesElsewhere: dollarsToCents(184500),
          electiveDeferrals: ZERO,
          nonelectiveBp: basisPoints(2500),
          afterTaxCap: null,
          planOffersRoth: true,
          otherEmployerDeferrals: ZERO,
          relatedEmployerAdditions: ZERO,
        },
      },
      others: [
        {
          name: "Day job",
          deferrals: dollarsToCents(24500),
          related: false,
          additions: dollarsToCents(6000),
          compensation: null,
        },
      ],
    });
    expect(r.employers.map((e) => e.afterTaxRoom)).toEqual([dollarsToCents(52267.82), cents(4_150_000)]);
    expect(r.employers[1]!.compensationKnown).toBe(false);
  });

  it("an owner's plan beside a related employer: one 401(a)(30) limit and one 415(c) for both", () => {
    // 2026, age 45, profit 200,000, 25%, 24,500 deferred here and 10,000 at a related employer.
    // IRC §401(a)(30) counts the related employer's deferrals in this employer's limit: 24,500 − 10,000 = 14,500
    // here within it, 10,000 excess. 415(c) shared (§415(f)): 72,000 − 14,500 − 37,176.57 − 10,000 = 10,323.43.
    const r = employersRoom({
      name: "My business",
      thisPlan: {
        kind: "self-employed",
        input: {
          year: 2026,
          ageAtYearEnd: 45,
          netProfit: dollarsToCents(200000),
          w2WagesElsewhere: ZERO,
          electiveDeferrals: dollarsToCents(24500),
          nonelectiveBp: basisPoints(2500),
          afterTaxCap: null,
          planOffersRoth: true,
          otherEmployerDeferrals: ZERO,
          relatedEmployerAdditions: ZERO,
        },
      },
      others: [
        {
          name: "Sister co",
          deferrals: dollarsToCents(10000),
          related: true,
          additions: ZERO,
          compensation: null,
        },
      ],
    });
    expect(r.thisPlan.regularDeferrals).toBe(dollarsToCents(14500));
    expect(r.thisPlan.excessDeferral).toBe(dollarsToCents(10000));
    expect(r.employers.map((e) => e.afterTaxRoom)).toEqual([
      dollarsToCents(10323.43),
      dollarsToCents(10323.43),
    ]);
  });
});
