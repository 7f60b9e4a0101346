import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Cents, parseDollars } from "../../packages/core/src/rules/money/cents.js";
import { csvDollars, csvField } from "../../src/batch/csv-writer.js";
import { plainDollarsToCents } from "../../src/batch/participant-csv.js";

function parsed(text: string): number | null {
  try {
    return parseDollars(text);
  } catch {
    return null;
  }
}

describe("plainDollarsToCents: the fast path agrees with parseDollars", () => {
  it.each([
    ["150000", 15_000_000],
    ["150000.5", 15_000_050],
    ["150000.05", 15_000_005],
    ["0", 0],
    ["1,000", -1],
    ["$5", -1],
    ["-5", -1],
    [".5", -1],
    ["5.", -1],
    ["5.123", -1],
    [" 5", -1],
    ["", -1],
  ])("%j → %s", (text, expected) => {
    expect(plainDollarsToCents(text)).toBe(expected);
  });

  it("gives parseDollars' cents whenever it takes a string, for any string", () => {
    const amountLike = fc.stringMatching(/^[0-9$,.\- ]{0,16}$/);
    fc.assert(
      fc.property(fc.oneof(amountLike, fc.string()), (text) => {
        const fast = plainDollarsToCents(text);
        if (fast >= 0) expect(fast).toBe(parsed(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("takes every plain amount up to 12 digits", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999_999 }),
        fc.integer({ min: 0, max: 99 }),
        (whole, cents) => {
          const text = `${whole}.${String(cents).padStart(2, "0")}`;
          expect(plainDollarsToCents(text)).toBe(parsed(text));
        },
      ),
    );
  });
});

describe("CSV output cells", () => {
  it("money is plain dollars with two decimals, exact from cents", () => {
    expect(csvDollars(123_456 as Cents)).toBe("1234.56");
    expect(csvDollars(5 as Cents)).toBe("0.05");
    expect(csvDollars(-150 as Cents)).toBe("-1.50");
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        expect(parseDollars(csvDollars(n as Cents))).toBe(n);
      }),
    );
  });

  it("quotes only what needs quoting (RFC 4180)", () => {
    expect(csvField("E001")).toBe("E001");
    expect(csvField("Smith, Jo")).toBe('"Smith, Jo"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a\nb")).toBe('"a\nb"');
  });
});
