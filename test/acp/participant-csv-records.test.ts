import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ColumnName,
  OPTIONAL_COLUMNS,
  REQUIRED_COLUMNS,
  type ReadOptions,
  readParticipantCsv,
  readParticipantStream,
} from "../../src/batch/participant-csv.js";
import { readParticipantCsvPapa } from "./papaparse-reader.js";

/**
 * The participant reader (records split by src/batch/csv-records.ts) against the papaparse reader it
 * replaced (test/acp/papaparse-reader.ts, the old module verbatim): for the same chunks of text both must
 * report the same header, the same rows and bad rows in the same order with the same line numbers and
 * messages, the same counts, or the same error.
 */

type Outcome =
  | { kind: "read"; header: unknown; items: unknown[]; summary: unknown }
  | { kind: "error"; name: string; message: string };

async function outcome(
  read: (options: ReadOptions) => Promise<{ rows: number; badRows: number }>,
  paused: boolean,
): Promise<Outcome> {
  const items: unknown[] = [];
  let header: unknown = null;
  try {
    const summary = await read({
      required: [],
      onHeader: (columns) => {
        header = { ...columns };
      },
      onRows: (rows) => {
        for (const row of rows) items.push({ ...row });
        // A promise pauses both readers (backpressure); the rows must not change.
        return paused ? new Promise((resolve) => setTimeout(resolve, 0)) : undefined;
      },
    });
    return { kind: "read", header, items, summary };
  } catch (error) {
    return { kind: "error", name: (error as Error).name, message: (error as Error).message };
  }
}

async function compare(chunks: readonly string[], required: readonly ColumnName[], paused: boolean) {
  const withRequired =
    (read: (options: ReadOptions) => Promise<{ rows: number; badRows: number }>) => (options: ReadOptions) =>
      read({ ...options, required });
  const expected = await outcome(
    withRequired((options) => readParticipantCsvPapa(Readable.from([...chunks]), "f.csv", options)),
    paused,
  );
  const actual = await outcome(
    withRequired((options) => readParticipantStream(Readable.from([...chunks]), "f.csv", options)),
    paused,
  );
  expect(actual).toEqual(expected);
  return expected;
}

function cut(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * text.length)))]
    .filter((c) => c > 0 && c < text.length)
    .sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const c of at) {
    chunks.push(text.slice(from, c));
    from = c;
  }
  if (from < text.length) chunks.push(text.slice(from));
  return chunks;
}

const BATCH: readonly ColumnName[] = [...REQUIRED_COLUMNS, "age"];
const ACP: readonly ColumnName[] = [...REQUIRED_COLUMNS];

// The hostile alphabet: quotes, delimiters (and the other delimiters papaparse may guess), every line break,
// a BOM, letters, digits, spaces, "$", non-ASCII (including a character outside the BMP).
const token = fc.constantFrom(
  '"',
  '"',
  '""',
  ",",
  ",",
  ",",
  "\r",
  "\n",
  "\r\n",
  "\uFEFF",
  "E",
  "x",
  "0",
  "7",
  "1234.50",
  " ",
  "$",
  "é",
  "€",
  "\u{1D11E}",
  "true",
  "false",
  "\t",
  ";",
  "|",
);
const junk = fc.array(token, { maxLength: 8 }).map((t) => t.join(""));
const goodValue = fc.constantFrom(
  "E1",
  "E2",
  "150000",
  "1234.5",
  "0",
  "0.00",
  "true",
  "no",
  "45",
  "",
  " 61 ",
);
const quoted = junk.map((j) => `"${j.replaceAll('"', '""')}"`);
const field = fc.oneof(
  { weight: 6, arbitrary: goodValue },
  { weight: 2, arbitrary: junk },
  { weight: 2, arbitrary: quoted },
  { weight: 1, arbitrary: fc.tuple(quoted, junk).map(([q, j]) => q + j) }, // text after a closing quote
);
// The required columns (all of them, or all but one now and then) and some optional ones, in any order.
const headerColumns = fc
  .tuple(fc.subarray([...OPTIONAL_COLUMNS]), fc.option(fc.constantFrom(...REQUIRED_COLUMNS), { freq: 8 }))
  .chain(([optional, dropped]) =>
    fc.shuffledSubarray([...REQUIRED_COLUMNS.filter((c) => c !== dropped), ...optional], {
      minLength: REQUIRED_COLUMNS.length - (dropped === null ? 0 : 1) + optional.length,
    }),
  );
const lineBreak = fc.constantFrom("\n", "\r\n", "\r");
const headerLine = fc
  .record({
    columns: headerColumns,
    bom: fc.boolean(),
    upper: fc.boolean(),
    quote: fc.boolean(),
  })
  .map(({ columns, bom, upper, quote }) => {
    const names = columns.map((c) => (upper ? c.toUpperCase() : c)).map((c) => (quote ? `"${c}"` : c));
    return (bom ? "\uFEFF" : "") + names.join(",");
  });
const record = fc.oneof(
  { weight: 5, arbitrary: fc.array(field, { minLength: 6, maxLength: 14 }).map((f) => f.join(",")) },
  { weight: 1, arbitrary: junk },
  { weight: 1, arbitrary: fc.constant("") },
);
const file = fc
  .record({
    header: fc.oneof({ weight: 6, arbitrary: headerLine }, { weight: 1, arbitrary: junk }),
    records: fc.array(record, { maxLength: 30 }),
    newline: lineBreak,
    otherBreaks: fc.array(fc.tuple(fc.nat(), lineBreak), { maxLength: 3 }),
    end: fc.constantFrom("", "\n", "\r\n", "\r", '"', '"x', "\n\n"),
  })
  .map(({ header, records, newline, otherBreaks, end }) => {
    const breaks = records.map(() => newline);
    for (const [at, other] of otherBreaks) if (breaks.length > 0) breaks[at % breaks.length] = other;
    return header + records.map((r, i) => breaks[i] + r).join("") + end;
  });

// Rows that fit their header, value by value: the plain forms the reader reads fastest, and forms just
// outside them (spaces, signs, commas, "$", too many digits or decimals, other spellings, non-ASCII digits).
const mostly = (plain: string[], other: string[]) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...plain) },
    { weight: 1, arbitrary: fc.constantFrom(...other) },
  );
const amount = mostly(
  ["150000", "1234.5", "1234.56", "0", "0.00", "00012.30", "123456789012345", ""],
  [
    " 5",
    "5 ",
    "1,000",
    "$5",
    "-5",
    ".5",
    "5.",
    "5.123",
    "1234567890123456",
    "abc",
    "1e3",
    "\u0663",
    '"$1,234.50"',
    " ",
  ],
);
const pools: Record<ColumnName, fc.Arbitrary<string>> = {
  id: mostly(["E1", " E2 ", "\u00e9", "E\t3", "E;4", "\uFEFFE8", "E1"], ["", "   ", '"E,6"', 'E"7']),
  compensation: amount,
  prior_year_compensation: amount,
  five_percent_owner: mostly(
    ["true", "false"],
    ["TRUE", " true", "yes", "no", "1", "0", "", "constructor", "tru", "false ", "true ", "trueX", "false0"],
  ),
  deferrals: amount,
  match: amount,
  after_tax: amount,
  age: mostly(["45", "18", "99", ""], ["17", "100", "120", "121", "05", " 45", "4", "4a", "\u0661\u0668"]),
  prior_year_fica_wages: amount,
  other_employer_deferrals: amount,
  related_employer_additions: amount,
  acp_income: amount,
  acp_balance_start: amount,
};
const fitting = headerColumns
  .chain((columns) =>
    fc.record({
      columns: fc.constant(columns),
      upper: fc.boolean(),
      bom: fc.boolean(),
      rows: fc.array(
        fc.oneof(
          { weight: 10, arbitrary: fc.tuple(...columns.map((c) => pools[c])).map((f) => f.join(",")) },
          { weight: 1, arbitrary: record },
        ),
        { minLength: 5, maxLength: 60 },
      ),
      newline: lineBreak,
      end: fc.constantFrom("", "\n", "\r\n", "\r"),
      // Most files without a quote character anywhere: only then does a chunk take the quote-free path.
      quotes: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    }),
  )
  .map(({ columns, upper, bom, rows, newline, end, quotes }) => {
    const header = (bom ? "\uFEFF" : "") + columns.map((c) => (upper ? c.toUpperCase() : c)).join(",");
    const text = [header, ...rows].join(newline) + end;
    return quotes ? text : text.replaceAll('"', "");
  });
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

describe("participant reader: records split as papaparse split them", () => {
  it("on random hostile files cut into random chunks", async () => {
    await fc.assert(
      fc.asyncProperty(
        file,
        cuts,
        fc.constantFrom(BATCH, ACP),
        fc.boolean(),
        fc.boolean(),
        async (text, at, required, paused, unquoted) => {
          // Without its quote characters too: only a chunk without one takes the quote-free path.
          await compare(cut(unquoted ? text.replaceAll('"', "") : text, at), required, paused);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("on files of rows that fit their header, with values in and just outside their plain forms", async () => {
    await fc.assert(
      fc.asyncProperty(
        fitting,
        cuts,
        fc.constantFrom(BATCH, ACP),
        fc.boolean(),
        async (text, at, required, paused) => {
          await compare(cut(text, at), required, paused);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("on random text with no structure at all", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(token, { maxLength: 80 }).map((t) => t.join("")),
        cuts,
        async (text, at) => {
          await compare(cut(text, at), ACP, false);
        },
      ),
      { numRuns: 500 },
    );
  });

  const header = [...REQUIRED_COLUMNS, "age"].join(",");
  const row = (id: string) => `${id},150000,140000,false,5000,3000,1000,45`;
  it.each([
    ["LF with a last line without newline", `${header}\n${row("E1")}\n${row("E2")}`],
    ["CRLF with BOM", `\uFEFF${header}\r\n${row("E1")}\r\n${row("E2")}\r\n`],
    ["CR only", `${header}\r${row("E1")}\r${row("E2")}\r`],
    ["a bare LF inside a CRLF file", `${header}\r\n${row("E\n1")}\r\n${row("E2")}\r\n`],
    ["quoted LF and CRLF inside ids", `${header}\n${row('"E\n1"')}\n${row('"E\r\n2"')}\n${row("E3")}\n`],
    ["empty lines", `${header}\n\n${row("E1")}\n\n\n${row("E2")}\n\n`],
    ["an unterminated quote", `${header}\n${row("E1")}\n${row('"E2')}\n${row("E3")}\n`],
    ["stray quotes in unquoted fields", `${header}\n${row('E"1')}\n${row('E2"')}\n`],
    ["text after a closing quote", `${header}\n${row('"E1"x')}\n${row('"E2"  ')}\n${row("E3")}\n`],
    ["more and fewer fields", `${header}\n${row("E1")},x\n${row("E2").slice(0, -3)}\n${row("E3")}\n`],
    ["tabs in the first chunk", `${header}\n${row("E\t1")}\n${row("E\t2")}\n`],
    ["semicolons as the delimiter", `${header.replaceAll(",", ";")}\n${row("E1").replaceAll(",", ";")}\n`],
    ["no header", ""],
    ["only a BOM", "\uFEFF"],
    ["a header without a required column", "id,compensation\nE1,5\n"],
  ])("%s, whole and cut at every position", async (_name, text) => {
    await compare([text], BATCH, false);
    for (let i = 1; i < text.length; i++)
      await compare([text.slice(0, i), text.slice(i)], BATCH, i % 2 === 0);
  });
});

describe("participant reader on files (64 KiB chunks from the file stream)", () => {
  const dir = mkdtempSync(join(tmpdir(), "megaroth-records-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function compareFile(text: string) {
    const path = join(dir, "participants.csv");
    writeFileSync(path, text);
    const options = (required: readonly ColumnName[]) => ({ required });
    for (const required of [BATCH, ACP]) {
      const expected = await outcome(
        (o) =>
          readParticipantCsvPapa(createReadStream(path, { encoding: "utf8" }), path, {
            ...o,
            ...options(required),
          }),
        false,
      );
      const actual = await outcome((o) => readParticipantCsv(path, { ...o, ...options(required) }), false);
      expect(actual).toEqual(expected);
    }
  }

  it("long files with quoted fields, bad rows and line breaks across the chunk boundaries", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { minLength: 1, maxLength: 40 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.integer({ min: 1000, max: 4000 }),
        fc.boolean(),
        async (sample, newline, count, plainStart) => {
          const header = [...REQUIRED_COLUMNS, "age"].join(",");
          const lines = [header];
          for (let i = 0; i < count; i++) {
            // A plain start (no quote in the first chunks) and then the sample's rows, or the sample throughout.
            lines.push(
              plainStart && i < 1500
                ? `E${i},150000,140000,false,5000,3000,1000,45`
                : sample[i % sample.length]!,
            );
          }
          await compareFile(lines.join(newline) + newline);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("a missing file", async () => {
    const missing = join(dir, "missing.csv");
    const expected = await outcome(
      (o) =>
        readParticipantCsvPapa(createReadStream(missing, { encoding: "utf8" }), missing, {
          ...o,
          required: ACP,
        }),
      false,
    );
    const actual = await outcome((o) => readParticipantCsv(missing, { ...o, required: ACP }), false);
    expect(actual).toEqual(expected);
    expect(actual.kind).toBe("error");
  });
});
