import { describe, expect, it } from "vitest";
import {
  type ContributionPlanFeatures,
  contributionTypeTable,
} from "../../packages/core/src/rules/projection/contribution-types.js";

const unknown: ContributionPlanFeatures = {
  roth: "unknown",
  afterTax: "unknown",
  inPlanRothConversion: "unknown",
  inServiceWithdrawal: "unknown",
  automaticConversion: "unknown",
};
const limitOf = (year: number, age: number, name: string) =>
  contributionTypeTable(year, age, unknown).rows.find((r) => r.name === name)!.limit;

describe("contribution type table", () => {
  it("2026 limits by age: $24,500 under 50; + $8,000 at 50–59 and 64+; + $11,250 at 60–63; 415(c) $72,000", () => {
    expect(limitOf(2026, 49, "pre-tax")).toBe(2_450_000);
    expect(limitOf(2026, 50, "roth")).toBe(3_250_000);
    expect(limitOf(2026, 59, "pre-tax")).toBe(3_250_000);
    expect(limitOf(2026, 60, "pre-tax")).toBe(3_575_000);
    expect(limitOf(2026, 63, "roth")).toBe(3_575_000);
    expect(limitOf(2026, 64, "pre-tax")).toBe(3_250_000);
    expect(limitOf(2026, 40, "after-tax")).toBe(7_200_000);
    expect(limitOf(2026, 40, "taxable")).toBeNull();
    // 2024 had no ages 60–63 catch-up: $23,000 + $7,500.
    expect(limitOf(2024, 61, "pre-tax")).toBe(3_050_000);
  });

  it("tax treatment: only pre-tax is deductible now; Roth and converted after-tax are withdrawn tax-free", () => {
    const rows = contributionTypeTable(2026, 40, unknown).rows;
    expect(rows.map((r) => [r.name, r.taxDeductionNow, r.taxFreeWithdrawals])).toEqual([
      ["pre-tax", true, "no"],
      ["roth", false, "yes"],
      ["after-tax", false, "basis only"],
      ["after-tax-converted", false, "yes"],
      ["taxable", false, "basis only; gains at capital-gains rates"],
    ]);
  });

  it("whether the plan allows converting after-tax money follows its routes to Roth", () => {
    const converted = (plan: Partial<ContributionPlanFeatures>) =>
      contributionTypeTable(2026, 40, { ...unknown, ...plan }).rows.find(
        (r) => r.name === "after-tax-converted",
      )!.planAllows;
    expect(converted({ afterTax: "no", inPlanRothConversion: "yes" })).toBe("no");
    expect(converted({ afterTax: "yes", inServiceWithdrawal: "yes" })).toBe("yes");
    expect(converted({ afterTax: "unknown", inPlanRothConversion: "yes" })).toBe("unknown");
    expect(
      converted({
        afterTax: "yes",
        inPlanRothConversion: "no",
        inServiceWithdrawal: "no",
        automaticConversion: "no",
      }),
    ).toBe("no");
    expect(converted({ afterTax: "yes", inPlanRothConversion: "no" })).toBe("unknown");
  });

  it("warns about the Roth catch-up rule from 2026 for catch-up ages", () => {
    expect(contributionTypeTable(2026, 55, unknown).warnings.map((w) => w.code)).toEqual(["roth-catch-up"]);
    expect(contributionTypeTable(2026, 45, unknown).warnings).toEqual([]);
  });
});
