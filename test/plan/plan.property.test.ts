import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { figure } from "../../packages/core/src/data/figures.js";
import { employerMatch } from "../../packages/core/src/rules/match-formula.js";
import { type Cents, dollarsToCents } from "../../packages/core/src/rules/money/cents.js";
import { percentToBasisPoints } from "../../packages/core/src/rules/money/percent.js";
import {
  electedAmount,
  MOST_SEARCHED_CHANGES,
  type PaycheckPlan,
  PlanInputError,
  planPaychecks,
} from "../../packages/core/src/rules/paycheck-plan/index.js";
import { parseScenario, type Scenario } from "../../packages/core/src/rules/scenario.js";

const feature = fc.constantFrom("yes", "no", "unknown");
const dateIn = (year: number) =>
  fc
    .record({ m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
    .map(({ m, d }) => `${year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);

const scenarioArb = (overrides: { increment?: fc.Arbitrary<string> } = {}) =>
  fc.integer({ min: 2024, max: 2026 }).chain((year) =>
    fc.record({
      year: fc.constant(year),
      ageAtYearEnd: fc.integer({ min: 25, max: 70 }),
      pay: fc.record(
        {
          salary: fc.integer({ min: 2_000_000, max: 70_000_000 }).map((c) => c / 100),
          frequency: fc.constantFrom("weekly", "biweekly", "semimonthly", "monthly"),
          firstPayDate: fc
            .integer({ min: 1, max: 14 })
            .map((d) => `${year}-01-${String(d).padStart(2, "0")}`),
          startDate: dateIn(year).filter((d) => d < `${year}-11-01`),
          bonuses: fc.array(
            fc.record({ date: dateIn(year), amount: fc.integer({ min: 100, max: 100_000 }) }),
            { maxLength: 2 },
          ),
          priorYearFicaWages: fc.option(fc.integer({ min: 0, max: 400_000 }), { nil: null }),
          withholdingPct: fc.integer({ min: 0, max: 30 }),
        },
        { requiredKeys: ["salary", "frequency"] },
      ),
      plan: fc.record(
        {
          match: fc.array(
            fc.record({ rate: fc.integer({ min: 10, max: 200 }), upTo: fc.integer({ min: 1, max: 6 }) }),
            { maxLength: 2 },
          ),
          matchPeriod: fc.constantFrom("per-paycheck", "annual-true-up", "unknown"),
          nonelective: fc.integer({ min: 0, max: 5 }),
          afterTax: fc.record(
            { allowed: feature, capPct: fc.integer({ min: 1, max: 40 }) },
            { requiredKeys: ["allowed"] },
          ),
          electionIncrement: overrides.increment ?? fc.constantFrom("1%", "0.5%", "0.1%", "dollars"),
          separateBonusElection: fc.boolean(),
          payrollStopsDeferralsAt402g: feature,
          payrollStopsAfterTaxAt415c: feature,
          roth: feature,
          inPlanRothConversion: feature,
          conversionCadence: fc.constantFrom("none", "per-paycheck", "monthly", "quarterly", "annually"),
          maxElectionPct: fc.integer({ min: 20, max: 100 }),
          maxElectionChanges: fc.constantFrom(0, 1),
        },
        { requiredKeys: ["afterTax"] },
      ),
      ytd: fc.option(
        fc.record({
          paychecksPaid: fc.integer({ min: 0, max: 6 }),
          deferrals: fc.integer({ min: 0, max: 10_000 }),
          match: fc.integer({ min: 0, max: 3_000 }),
          nonelective: fc.integer({ min: 0, max: 3_000 }),
          afterTax: fc.integer({ min: 0, max: 10_000 }),
        }),
        { nil: undefined },
      ),
      otherEmployerDeferrals: fc.constantFrom(0, 5_000),
      goal: fc.record({
        deferrals: fc.oneof(fc.constant("max"), fc.integer({ min: 0, max: 40_000 })),
        afterTax: fc.oneof(fc.constant("max"), fc.integer({ min: 0, max: 60_000 })),
      }),
    }),
  );

function parsed(value: unknown): Scenario {
  const result = parseScenario(JSON.parse(JSON.stringify(value)));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
}

function plan(s: Scenario): PaycheckPlan {
  try {
    return planPaychecks(s);
  } catch (error) {
    fc.pre(!(error instanceof PlanInputError));
    throw error;
  }
}

const cents = (d: number | undefined) => (d === undefined ? 0 : dollarsToCents(d));

describe("paycheck planner properties", () => {
  it("no limit is exceeded at any paycheck, and every total adds up to the cent", () => {
    fc.assert(
      fc.property(scenarioArb(), (raw) => {
        const s = parsed(raw);
        const p = plan(s);
        // This plan's 402(g) limit is its own (§401(a)(30)); another employer's deferrals count only in the
        // person's limit, 402(g) + catch-up across employers (§402(g)(1)(C)), which no plan goes past.
        const limit402g = dollarsToCents(figure("electiveDeferralLimit", s.year));
        const personLimit = limit402g + p.room.catchUpLimit;
        for (const r of p.paychecks) {
          expect(r.excessDeferral).toBe(0);
          expect(r.ytdDeferral).toBeLessThanOrEqual(limit402g);
          if (cents(s.ytd?.deferrals) + cents(s.otherEmployerDeferrals) <= personLimit)
            expect(r.ytdDeferral + r.ytdCatchUp + cents(s.otherEmployerDeferrals)).toBeLessThanOrEqual(
              personLimit,
            );
          expect(r.ytdCatchUp).toBeLessThanOrEqual(p.catchUpLimit);
          expect(r.ytdAfterTax).toBeLessThanOrEqual(Math.max(p.afterTaxRoom, p.afterTaxYtd));
          // Contributions come only out of what FICA and withholding leave of the paycheck.
          expect(r.netPay).toBeGreaterThanOrEqual(0);
        }
        // 415(c) holds at every paycheck, unless the figures so far and the employer's money alone break it;
        // then the plan adds nothing of the saver's own within 415(c).
        if (p.warnings.some((w) => w.code === "excess-annual-additions")) {
          expect(p.deferralTotal + p.afterTaxTotal).toBe(0);
        } else {
          for (const r of p.paychecks)
            expect(r.ytdAnnualAdditions).toBeLessThanOrEqual(p.annualAdditionsLimit);
          expect(p.annualAdditions).toBeLessThanOrEqual(p.annualAdditionsLimit);
        }
        expect(p.afterTaxTotal).toBeLessThanOrEqual(p.afterTaxTarget);
        if (s.plan.afterTax.allowed === "no") expect(p.afterTaxTotal).toBe(0);
        const total = (f: (r: PaycheckPlan["paychecks"][number]) => number) =>
          p.paychecks.reduce((a, r) => a + f(r), 0);
        expect(total((r) => r.afterTax)).toBe(p.afterTaxTotal);
        expect(total((r) => r.deferral)).toBe(p.deferralTotal);
        expect(total((r) => r.catchUp)).toBe(p.catchUpTotal);
        expect(cents(s.ytd?.match) + total((r) => r.match) + p.matchTrueUp).toBe(p.employerMatch);
        if ((s.plan.conversionCadence ?? "none") !== "none" && s.plan.inPlanRothConversion === "yes") {
          expect(p.convertedTotal).toBe(p.afterTaxTotal);
        }
        // Elections stay within the plan's maximum and its after-tax cap.
        const maxBp = percentToBasisPoints(s.plan.maxElectionPct ?? 100);
        const capBp =
          s.plan.afterTax.capPct === undefined ? maxBp : percentToBasisPoints(s.plan.afterTax.capPct);
        for (const e of [...p.elections, ...(p.bonusElection ? [p.bonusElection] : [])]) {
          if (e.deferral.kind === "percent" && e.afterTax.kind === "percent") {
            expect(e.deferral.bp + e.afterTax.bp).toBeLessThanOrEqual(maxBp);
            expect(e.afterTax.bp).toBeLessThanOrEqual(capBp);
          }
        }
        // Each stream changes at most as often as the plan allows (by default, as often as the search covers).
        const changes = s.plan.maxElectionChanges ?? MOST_SEARCHED_CHANGES;
        expect(p.elections.length).toBeLessThanOrEqual(1 + 2 * changes);
      }),
      { numRuns: 150 },
    );
  });

  it("the match on each paycheck is the plan formula applied to that paycheck (pay within 401(a)(17))", () => {
    fc.assert(
      fc.property(scenarioArb({ increment: fc.constantFrom("1%", "dollars") }), (raw) => {
        const s = parsed(raw);
        const p = plan(s);
        const tiers = (s.plan.match ?? []).map((m) => ({
          rateBp: percentToBasisPoints(m.rate),
          upToBp: percentToBasisPoints(m.upTo),
        }));
        // Pay already received would count toward 401(a)(17) first: keep to plans from the first paycheck.
        fc.pre(!s.ytd || s.ytd.paychecksPaid === 0);
        let compLeft: number = dollarsToCents(figure("compensationLimit", s.year));
        for (const r of p.paychecks) {
          const matchable = Math.min(r.gross, compLeft) as Cents;
          compLeft -= matchable;
          expect(r.match).toBe(employerMatch(tiers, (r.deferral + r.catchUp) as Cents, matchable));
          const keepsFullMatch =
            s.plan.matchPeriod !== "annual-true-up" &&
            !p.warnings.some(
              (w) => w.code === "deferrals-below-full-match" || w.code === "match-not-kept-every-paycheck",
            );
          if (keepsFullMatch) expect(r.match).toBe(employerMatch(tiers, r.gross, matchable));
        }
      }),
      { numRuns: 120 },
    );
  });

  it("after-tax is never below the best flat election for the whole year", () => {
    fc.assert(
      fc.property(scenarioArb({ increment: fc.constantFrom("1%", "0.5%") }), (raw) => {
        const s = parsed(raw);
        const p = plan(s);
        const step = s.plan.electionIncrement === "0.5%" ? 50 : 100;
        const maxBp = percentToBasisPoints(s.plan.maxElectionPct ?? 100);
        const capBp =
          s.plan.afterTax.capPct === undefined ? maxBp : percentToBasisPoints(s.plan.afterTax.capPct);
        const deferralBp = (i: number) => {
          const r = p.paychecks[i]!;
          const e =
            r.bonus && p.bonusElection
              ? p.bonusElection.deferral
              : p.elections.filter((x) => x.fromPaycheck <= r.n).at(-1)!.deferral;
          return e.kind === "percent" ? e.bp : 0;
        };
        const roomLeft = Math.max(0, p.afterTaxRoom - p.afterTaxYtd);
        const stops =
          s.plan.payrollStopsAfterTaxAt415c === "yes" &&
          p.afterTaxTarget === roomLeft &&
          p.afterTaxRoom === p.afterTaxRoom415;
        let baseline = 0;
        for (let bp = 0; bp <= Math.min(capBp, maxBp); bp += step) {
          if (p.paychecks.some((_, i) => deferralBp(i) + bp > maxBp)) continue;
          // What FICA and withholding leave of each paycheck after the planned deferral.
          const fits = p.paychecks.every(
            (r) => electedAmount(r.gross, { kind: "percent", bp }, r.eligiblePay) <= r.netPay + r.afterTax,
          );
          if (!fits) continue;
          // Percentages apply to each paycheck's eligible pay (within 401(a)(17) by default).
          const total = p.paychecks.reduce(
            (a, r) => a + electedAmount(r.gross, { kind: "percent", bp }, r.eligiblePay),
            0,
          );
          if (total <= p.afterTaxTarget) baseline = Math.max(baseline, total);
          else if (stops) baseline = Math.max(baseline, p.afterTaxTarget);
        }
        expect(p.afterTaxTotal).toBeGreaterThanOrEqual(baseline);
        expect(p.afterTaxTotal).toBeGreaterThanOrEqual(p.flatBaseline?.afterTaxTotal ?? 0);
      }),
      { numRuns: 150 },
    );
  });

  it("dollar elections fill the after-tax room exactly when every paycheck can take its share", () => {
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 2024, max: 2026 }),
          salary: fc.integer({ min: 15_000_000, max: 60_000_000 }).map((c) => c / 100),
          frequency: fc.constantFrom("weekly", "biweekly", "semimonthly", "monthly"),
          deferrals: fc.integer({ min: 0, max: 23_000 }),
          tier: fc.record({ rate: fc.integer({ min: 10, max: 100 }), upTo: fc.integer({ min: 1, max: 6 }) }),
          paid: fc.integer({ min: 0, max: 10 }),
          ytdAfterTax: fc.integer({ min: 0, max: 9_000 }),
        }),
        (x) => {
          const p = plan(
            parsed({
              year: x.year,
              ageAtYearEnd: 40,
              pay: { salary: x.salary, frequency: x.frequency },
              plan: {
                match: [x.tier],
                matchPeriod: "annual-true-up",
                afterTax: { allowed: "yes" },
                electionIncrement: "dollars",
              },
              ytd: { paychecksPaid: Math.min(x.paid, 11), afterTax: x.ytdAfterTax, deferrals: 0, match: 0 },
              goal: { deferrals: x.deferrals, afterTax: "max" },
            }),
          );
          const share = Math.ceil(p.afterTaxTarget / Math.max(1, p.paychecks.length));
          fc.pre(p.paychecks.every((r) => r.netPay + r.afterTax >= share));
          expect(p.afterTaxTotal).toBe(p.afterTaxTarget);
          expect(p.afterTaxTarget).toBe(Math.max(0, p.afterTaxRoom - dollarsToCents(x.ytdAfterTax)));
          const amounts = p.paychecks.map((r) => r.afterTax);
          expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
          // Leftover cents go to the earliest paychecks.
          expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);
        },
      ),
      { numRuns: 100 },
    );
  });
});
