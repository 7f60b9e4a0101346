import { describe, expect, it } from "vitest";
import { figure, supportedYears, withSuppliedFigures } from "../../packages/core/src/data/figures.js";
import { parseSuppliedFigures } from "../../packages/core/src/data/supplied-figures.js";
import { computeErrorMessage } from "../../src/web/compute-error.js";

function thrownBy(compute: () => unknown): unknown {
  try {
    compute();
  } catch (error) {
    return error;
  }
  throw new Error("expected the computation to throw");
}

describe("the message a page shows when the core refuses to compute", () => {
  it("names the Tax year field and the years with IRS figures, not the source tree", () => {
    const years = supportedYears("ordinaryIncomeBrackets");
    const message = computeErrorMessage(thrownBy(() => figure("ordinaryIncomeBrackets", 2031)));
    expect(message).toBe(
      `Tax year 2031: megaroth has the IRS figures for ${Math.min(...years)}–${Math.max(...years)} only ` +
        "(no ordinaryIncomeBrackets for 2031); pick a year in that range",
    );
    expect(message).not.toMatch(/src\//);
  });

  it("with a figures file added, names what the file lacks in words, and the key to add it under", () => {
    const book = parseSuppliedFigures(
      { annualAdditionsLimit: { "2027": { value: 74_000, source: "test" } } },
      "figures-2027.json",
    );
    const error = thrownBy(() => withSuppliedFigures(book, () => figure("electiveDeferralLimit", 2027)));
    expect(computeErrorMessage(error)).toBe(
      "Tax year 2027: the figures file you added (figures-2027.json) lacks 2027's IRC §402(g)(1)(B) figure " +
        "(Elective deferral limit (pre-tax + designated Roth), per person across all plans); " +
        'add it to the file under "electiveDeferralLimit", with its IRS source',
    );
  });

  it("passes any other refusal through as the core's one-line message", () => {
    expect(computeErrorMessage(new RangeError("salary must be 0 or more"))).toBe("salary must be 0 or more");
  });
});
