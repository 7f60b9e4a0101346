import { describe, expect, it } from "vitest";
import { cents } from "../../packages/core/src/rules/money/cents.js";
import { rateOnContribution, rateOnWithdrawals } from "../../packages/core/src/rules/projection/tax-rates.js";

describe("tax rates from income", () => {
  it("a budget inside one bracket is taxed at that bracket's rate", () => {
    // 2026 MFJ: $150,000 − $32,200 standard deduction = $117,800; the last $10,000 is all in the 22% bracket.
    expect(rateOnContribution(2026, "mfj", cents(15_000_000), cents(1_000_000)).rateBp).toBe(2200);
  });

  it("a budget across a bracket boundary gets the blended rate, not the top one", () => {
    // 2026 single: $60,000 − $16,100 = $43,900 taxable; deferring $40,000 takes it to $3,900.
    // Tax saved: 12% × (43,900 − 12,400) + 10% × (12,400 − 3,900) = 3,780 + 850 = 4,630 → 11.575% → 11.58%.
    expect(rateOnContribution(2026, "single", cents(6_000_000), cents(4_000_000)).rateBp).toBe(1158);
  });

  it("a budget larger than taxable income: the tax saved is spread over the whole budget", () => {
    // 2026 single: $20,000 − $16,100 = $3,900 taxable; deferring $10,000 saves 10% × 3,900 = $390 → 3.90%,
    // not 10% (the rate on the $3,900 alone). Below the standard deduction nothing is saved: 0%.
    expect(rateOnContribution(2026, "single", cents(2_000_000), cents(1_000_000)).rateBp).toBe(390);
    expect(rateOnContribution(2026, "single", cents(1_500_000), cents(1_000_000)).rateBp).toBe(0);
  });

  it("withdrawals are taxed at the marginal rate of the retirement taxable income, this year's brackets", () => {
    // 2026 single: $70,000 − $16,100 = $53,900, above $50,400: 22%.
    expect(rateOnWithdrawals(2026, "single", cents(7_000_000)).rateBp).toBe(2200);
    expect(rateOnWithdrawals(2026, "single", cents(1_000_000)).rateBp).toBe(1000);
  });
});
