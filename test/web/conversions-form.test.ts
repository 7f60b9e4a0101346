import { describe, expect, it } from "vitest";
import { CONVERSIONS_FORM_DEFAULTS, readConversionCostInput } from "../../src/web/conversions-form.js";

describe("conversions form: the annual return", () => {
  it.each(["-5", "-100", "0", "7.25", "100"])("accepts %s (a loss is allowed)", (returnRate) => {
    const { input, errors } = readConversionCostInput({ ...CONVERSIONS_FORM_DEFAULTS, returnRate });
    expect(errors).toEqual({});
    expect(input).not.toBeNull();
  });

  it.each(["abc", "-101", "150", "7.123", "--5"])(
    "refuses %s with the range it allows, negative included",
    (returnRate) => {
      const { input, errors } = readConversionCostInput({ ...CONVERSIONS_FORM_DEFAULTS, returnRate });
      expect(input).toBeNull();
      expect(errors.returnRate).toBe("a percentage from -100 to 100, at most 2 decimals");
    },
  );
});
