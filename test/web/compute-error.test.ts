import { describe, expect, it } from "vitest";
import { figure, supportedYears } from "../../packages/core/src/data/figures.js";
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

  it("passes any other refusal through as the core's one-line message", () => {
    expect(computeErrorMessage(new RangeError("salary must be 0 or more"))).toBe("salary must be 0 or more");
  });
});
