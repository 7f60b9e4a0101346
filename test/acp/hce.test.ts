import { describe, expect, it } from "vitest";
import { UnsupportedYearError } from "../../packages/core/src/data/figures.js";
import { hceCompensationThreshold, hceDetermination, hceReason } from "../../packages/core/src/rules/hce.js";
import { dollarsToCents } from "../../packages/core/src/rules/money/cents.js";

describe("HCE threshold by look-back year (IRC §414(q)(1)(B); figures.md †)", () => {
  it.each([
    // determination year → the figure published for the year before it
    [2024, 150_000], // 2023 figure (egps.com: "over $150,000 in 2023 … highly compensated in 2024")
    [2025, 155_000], // 2024 figure
    [2026, 160_000], // 2025 figure
    [2027, 160_000], // 2026 figure (unchanged)
  ])("HCE status for %s uses $%s", (year, dollars) => {
    expect(hceCompensationThreshold(year)).toBe(dollarsToCents(dollars));
  });

  it("uses the look-back figures from 2002 on (2018 pay over $120,000 made an HCE for 2019)", () => {
    expect(hceCompensationThreshold(2019)).toBe(dollarsToCents(120_000)); // Notice 2017-64
    expect(hceCompensationThreshold(2003)).toBe(dollarsToCents(90_000)); // IR-2001-115: the 2002 figure
  });

  it("refuses a year whose look-back figure is not on file (2002 needs the 2001 figure)", () => {
    expect(() => hceCompensationThreshold(2002)).toThrow(UnsupportedYearError);
    expect(() => hceCompensationThreshold(2002)).toThrow(
      /"hceThreshold" for tax year 2001; supported years: 2002–2026/,
    );
  });
});

describe("HCE determination (IRC §414(q)(1))", () => {
  const threshold = dollarsToCents(160_000);
  it("pay exactly at the threshold is not an HCE; one cent over is", () => {
    expect(
      hceReason({ priorYearCompensation: dollarsToCents(160_000), fivePercentOwner: false }, threshold),
    ).toBeNull();
    expect(
      hceReason({ priorYearCompensation: dollarsToCents(160_000.01), fivePercentOwner: false }, threshold),
    ).toBe("prior-year-compensation");
  });

  it("a 5% owner is an HCE whatever the pay", () => {
    expect(hceReason({ priorYearCompensation: dollarsToCents(0), fivePercentOwner: true }, threshold)).toBe(
      "five-percent-owner",
    );
  });

  it("explains itself with the look-back year's figure and its notice", () => {
    const d = hceDetermination(
      { priorYearCompensation: dollarsToCents(170_000), fivePercentOwner: false },
      2026,
    );
    expect(d.hce).toBe(true);
    expect(d.lookBackYear).toBe(2025);
    expect(d.steps[0]).toMatchObject({ amount: dollarsToCents(160_000) });
    expect(d.steps[0]!.citation).toContain("Notice 2024-80");
  });
});
