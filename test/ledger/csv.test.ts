import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { foldLedger } from "../../packages/core/src/rules/ledger/fold.js";
import {
  CSV_COLUMNS,
  eventsToCsv,
  eventsToJson,
  MAX_LINE_CHARS,
  parseLedgerCsv,
  parseLedgerJson,
} from "../../src/ledger-store/csv.js";
import { ev, open } from "./events.js";

const HEADER = "date,type,account,amount,kind,tax_year,to_account,basis,earnings,code,note";
const csv = (...rows: string[]) => `${HEADER}\n${rows.join("\n")}\n`;
const errorsOf = (text: string) => parseLedgerCsv(text).errors.map((e) => [e.line, e.column, e.message]);

describe("CSV import: every error, with its line and column", () => {
  it("reports wrong types, bad amounts, out-of-range dates and years, row by row", () => {
    const result = parseLedgerCsv(
      csv(
        "2025-01-01,open,sub,,401k-after-tax,,,,,,",
        "2025-01-31,after-tax-contribution,sub,12.345,,,,,,,",
        "1960-01-01,after-tax-contribution,sub,ten,,,,,,,",
        "2025-13-01,frobnicate,sub,1,,,,,,,",
        "2025-02-30,roth-ira-contribution,rira,7000,,1899,,,,,",
        "2025-05-01,nondeductible-ira-contribution,trad,7000,,2024,,,,,",
        "2025-06-01,open,x,,checking,,,,,,",
        "2025-06-01,1099-r,sub,100,,2025,,200,,G,",
      ),
    );
    expect(result.events).toHaveLength(1);
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [3, "amount"],
      [4, "amount"],
      [4, "date"],
      [5, "type"],
      [6, "date"],
      [6, "tax_year"],
      [7, "tax_year"],
      [8, "kind"],
      [9, "basis"],
    ]);
    expect(result.errors[2]!.message).toBe("is out of range (allowed: 1974-01-01 to 2100-12-31)");
    expect(result.errors[6]!.message).toBe(
      "a contribution made on 2025-05-01 cannot be for 2024: the deadline for 2024 contributions was 2025-04-15",
    );
  });

  it("rejects formula-injection cells anywhere, with the cell quoted in the message", () => {
    const errors = errorsOf(
      csv(
        '2025-01-01,open,sub,,401k-after-tax,,,,,,"=HYPERLINK(""http://evil"",""click"")"',
        "2025-01-02,open,@SUM(A1),,taxable,,,,,,",
        "2025-01-03,open,t,,taxable,,,,,,+cmd",
        "2025-01-04,open,u,,taxable,,,,,,-2+3",
      ),
    );
    expect(errors.map(([line, column]) => [line, column])).toEqual([
      [2, "note"],
      [3, "account"],
      [4, "note"],
      [5, "note"],
    ]);
    expect(errors[0]![2]).toMatch(
      /^"=HYPERLINK\("http:\/\/evil","click"\)" looks like a spreadsheet formula/,
    );
  });

  it("accepts a plain negative gain/loss on a statement", () => {
    const result = parseLedgerCsv(
      csv("2025-01-01,open,sub,,401k-after-tax,,,,,,", "2025-02-01,statement-balance,sub,900,,,,,-100.00,,"),
    );
    expect(result.errors).toEqual([]);
    expect(result.events[1]).toMatchObject({ earnings: -10000, basis: null });
  });

  it("rejects a 10 MB line before parsing it", () => {
    const result = parseLedgerCsv(csv(`2025-01-01,open,sub,,taxable,,,,,,${"A".repeat(10 * 1024 * 1024)}`));
    expect(result.errors).toEqual([
      { line: 2, column: null, message: `line is longer than ${MAX_LINE_CHARS} characters` },
    ]);
  });

  it("rejects a truncated file, unknown and duplicated columns, an empty file and cells for the wrong type", () => {
    expect(
      errorsOf(csv("2025-01-01,open,sub,,401k-after-tax,,,,,,", "2025-01-31,after-tax-contribution,sub,10")),
    ).toEqual([[3, null, "has 4 fields, the header has 11"]]);
    expect(
      errorsOf("date,type,account,amount,colour,amount\n2025-01-01,open,a,,,\n").map(([, c, m]) => [c, m]),
    ).toEqual([
      ["colour", `unknown column (allowed: ${CSV_COLUMNS.join(", ")})`],
      ["amount", "column appears twice"],
    ]);
    expect(errorsOf("")).toEqual([[1, null, "the file is empty (expected a header line)"]]);
    expect(errorsOf("date,type\n")).toEqual([[1, "account", "required column is missing"]]);
    expect(errorsOf(csv("2025-01-01,open,sub,5.00,taxable,,,,,G,"))).toEqual([
      [2, "amount", "is not used by a open row (leave it empty)"],
      [2, "code", "is not used by a open row (leave it empty)"],
    ]);
  });

  it("rejects a file cut off inside a quoted cell", () => {
    const errors = errorsOf(`${HEADER}\n2025-01-01,open,sub,,401k-after-tax,,,,,,"unterminated note\n`);
    expect(errors.map(([line, column]) => [line, column])).toContainEqual([2, null]);
    expect(errors.map(([, , message]) => message).join(" ")).toMatch(
      /malformed CSV: Quoted field unterminated/,
    );
  });

  it("rejects a duplicated row, naming the line it repeats", () => {
    const row = "2025-01-31,after-tax-contribution,sub,10,,,,,,,";
    expect(errorsOf(csv("2025-01-01,open,sub,,401k-after-tax,,,,,,", row, row))).toEqual([
      [4, null, "duplicates line 3 (add a note to tell two identical events apart)"],
    ]);
  });

  it("counts lines through quoted fields, blank lines, CRLF and a byte-order mark", () => {
    const text = `\uFEFF${HEADER}\r\n2025-01-01,open,sub,,401k-after-tax,,,,,,"a, b"\r\n\r\n2025-01-31,after-tax-contribution,sub,1.234,,,,,,,\r\n`;
    expect(errorsOf(text)).toEqual([
      [4, "amount", '"1.234" is not a dollar amount (e.g. 1234.56; at most 2 decimals)'],
    ]);
  });
});

const hostileText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('=HYPERLINK("http://x")', "+1", "-1", "@A1", "'=quoted", "''", "'", '"quoted", comma'),
);

describe("CSV and JSON export", () => {
  it("never emits a cell a spreadsheet would run, and re-imports to the same events and state", () => {
    fc.assert(
      fc.property(
        fc.array(hostileText, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: -500_000, max: 500_000 }),
        (notes, gain) => {
          const events = [open("sub", "401k-after-tax", "2025-01-01")];
          notes.forEach((note, i) => {
            const candidate = {
              type: "after-tax-contribution",
              date: "2025-02-01",
              account: "sub",
              amount: i + 1,
              note,
            };
            try {
              events.push(ev(candidate));
            } catch {
              // a note with control characters is not an event
            }
          });
          events.push(
            ev({
              type: "statement-balance",
              date: "2025-03-01",
              account: "sub",
              amount: 1000,
              basis: null,
              earnings: gain / 100,
            }),
          );
          const text = eventsToCsv(events);
          const cells = Papa.parse<string[]>(text.trim()).data.flat();
          for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r]/);
          const back = parseLedgerCsv(text);
          expect(back.errors).toEqual([]);
          expect(back.events).toEqual(events);
          const fromJson = parseLedgerJson(JSON.stringify(eventsToJson(events)));
          expect(fromJson.errors).toEqual([]);
          expect(fromJson.events).toEqual(events);
          expect(foldLedger(back.events)).toEqual(foldLedger(events));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("exports money as exact decimals and JSON money as numbers of dollars", () => {
    const events = [
      open("sub", "401k-after-tax", "2025-01-01"),
      ev({ type: "after-tax-contribution", date: "2025-01-31", account: "sub", amount: 1582.5 }),
    ];
    expect(eventsToCsv(events).split("\n")[2]).toBe(
      "2025-01-31,after-tax-contribution,sub,1582.50,,,,,,,,,,,",
    );
    expect(eventsToJson(events).events[1]).toEqual({
      date: "2025-01-31",
      type: "after-tax-contribution",
      account: "sub",
      amount: 1582.5,
    });
  });
});
