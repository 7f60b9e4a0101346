import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Cents, parseDollars } from "../../packages/core/src/rules/money/cents.js";
import { csvDollars, csvField } from "../../src/batch/csv-writer.js";
import {
  type BadRow,
  type ParticipantRow,
  plainDollarsToCents,
  REQUIRED_COLUMNS,
  readParticipantStream,
} from "../../src/batch/participant-csv.js";

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
    // Past 2^53 − 1 cents parseDollars refuses the amount, so the fast path must not take it either.
    ["90071992547410", -1],
    ["90071992547409", 9_007_199_254_740_900],
    ["123456789012345", -1],
    ["999999999999999", -1],
    ["999999999999.99", 99_999_999_999_999],
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

describe("an amount past 2^53 − 1 cents is a bad row, not an unsafe integer for the rules", () => {
  // 15 digits of whole dollars are 10^17 cents, past Number.MAX_SAFE_INTEGER (2^53 − 1 ≈ 9.007 × 10^15): parseDollars
  // refuses such an amount, so the row is reported with the field's name, as a 16-digit amount already was.
  it.each([
    ["quote-free (fields read by index)", "E1,999999999999999,1,false,1,1,1"],
    ["with a quote (fields from papaparse's Parser)", '"E1",999999999999999,1,false,1,1,1'],
  ])("%s", async (_name, line) => {
    const items: (ParticipantRow | BadRow)[] = [];
    const text = `${REQUIRED_COLUMNS.join(",")}\n${line}\nE2,90071992547409.91,1,false,1,1,1\n`;
    await readParticipantStream(Readable.from([text]), "f.csv", {
      required: REQUIRED_COLUMNS,
      onRows: (rows) => {
        items.push(...rows);
      },
    });
    expect(items[0]).toEqual({
      line: 2,
      id: "E1",
      message:
        'compensation "999999999999999" is not a dollar amount (allowed: 0 or more, at most 2 decimals)',
    });
    expect((items[1] as ParticipantRow).compensation).toBe(Number.MAX_SAFE_INTEGER);
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
