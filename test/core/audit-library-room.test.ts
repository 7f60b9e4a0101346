import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as api from "../../packages/core/src/index.js";
import { dollars } from "../../packages/core/src/index.js";

/**
 * Issue 11 §1 and §6 through the checked library (`@megaroth/core`): the figures of
 * test/core/golden-unrelated-employers.test.ts, test/plan/golden-pay17.test.ts and test/acp/safe-harbor.test.ts,
 * whose comments derive them.
 */
describe("issue 11 §1 and §6 through @megaroth/core", () => {
  it("§1 room: 12,500 here + 20,000 at an unrelated employer at 55 → 59,500", () => {
    const r = api.contributionRoom({
      year: 2026,
      age: 55,
      compensation: dollars(200000),
      deferrals: dollars(12500),
      otherEmployerDeferrals: dollars(20000),
    });
    expect(r.afterTaxRoom.dollars).toBe(59500);
    expect(r.excessDeferral.dollars).toBe(0);
    expect(r.excessDeferralThisPlan.dollars).toBe(0);
  });

  it("§1 planner: examples/mid-year-starter-bonus.json schedules 43,899.98", () => {
    const scenario = JSON.parse(readFileSync("examples/mid-year-starter-bonus.json", "utf8"));
    const p = api.planPaychecks(scenario);
    expect(p.afterTaxTotal.dollars).toBe(43899.98);
    expect(p.employerMatch.dollars).toBe(7600.02);
  });

  it("§6(c) acpTest with safeHarborMatch: ACPSH-03 fails on after-tax alone (refund 5,000)", () => {
    const people = [
      { id: "H1", compensation: 250000, prior: 250000, afterTax: 5000, match: 10000 },
      { id: "H2", compensation: 190000, prior: 180000, afterTax: 0, match: 7600 },
      { id: "N1", compensation: 72000, prior: 70000, afterTax: 0, match: 2880 },
      { id: "N2", compensation: 56000, prior: 55000, afterTax: 0, match: 2240 },
    ].map((p) => ({
      id: p.id,
      compensation: dollars(p.compensation),
      priorYearCompensation: dollars(p.prior),
      afterTax: dollars(p.afterTax),
      match: dollars(p.match),
    }));
    const sh = api.acpTest({ year: 2026, participants: people, safeHarborMatch: true });
    expect(sh.passes).toBe(false);
    expect(sh.safeHarborMatchExcluded).toBe(true);
    expect(sh.totalExcess.dollars).toBe(5000);
    expect(api.acpTest({ year: 2026, participants: people }).passes).toBe(true);
  });
});
