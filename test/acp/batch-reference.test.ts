import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { figureFrom } from "../../packages/core/src/data/figures.js";
import { type AfterTaxCap, contributionRoom } from "../../packages/core/src/rules/contribution-room.js";
import { hceCompensationThreshold, isHighlyCompensatedEmployee } from "../../packages/core/src/rules/hce.js";
import type { MatchTier } from "../../packages/core/src/rules/match-formula.js";
import { type Cents, nonNegative, sub } from "../../packages/core/src/rules/money/cents.js";
import type { BasisPoints } from "../../packages/core/src/rules/money/percent.js";
import { planFile } from "../../src/batch/batch-file.js";
import { BATCH_COLUMNS, type BatchPlan, errorRow } from "../../src/batch/batch-plan.js";
import { csvDollars, csvField } from "../../src/batch/csv-writer.js";
import {
  isBadRow,
  type ParticipantRow,
  REQUIRED_COLUMNS,
  readParticipantCsv,
} from "../../src/batch/participant-csv.js";

/**
 * The batch file against a reference batch built the plain way: `contributionRoom` with its steps and messages
 * (the default), every field a string (`String`, `csvDollars`, `csvField`), the election percentage in BigInt,
 * lines joined — the batch as it was written before its fast paths (no buffer, no figure caches that matter to
 * it, no lean arithmetic in the writer). Random participant files with the mess real files have: CRLF, a BOM,
 * quoted ids with commas, quotes and line breaks, "$1,234.50" amounts, ages 50 and 60–63, prior-year FICA wages,
 * other and related employers' amounts, bad rows.
 */
const dir = mkdtempSync(join(tmpdir(), "megaroth-batch-reference-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _: string, done: () => void) {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
  text() {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

function electionPercent(room: Cents, pay: Cents): string {
  if (pay <= 0) return "";
  const bp = (BigInt(room) * 10_000n) / BigInt(pay); // room, pay ≥ 0: division truncates = floor
  return `${bp / 100n}.${String(bp % 100n).padStart(2, "0")}`;
}

function referenceRow(row: ParticipantRow, plan: BatchPlan): string {
  const room = contributionRoom({
    year: plan.year,
    ageAtYearEnd: row.age!,
    compensation: row.compensation,
    electiveDeferrals: row.deferrals,
    match: plan.match ?? [],
    ...(plan.match === null && { employerMatchGiven: row.match }),
    nonelectiveBp: plan.nonelectiveBp,
    afterTaxCap: plan.afterTaxCap,
    priorYearFicaWages: row.priorYearFicaWages,
    planOffersRoth: plan.planOffersRoth,
    otherEmployerDeferrals: row.otherEmployerDeferrals,
    relatedEmployerAdditions: row.relatedEmployerAdditions,
  });
  const hce = isHighlyCompensatedEmployee(row, plan.hceThreshold);
  const codes = room.warnings.map((w) => w.code);
  if (room.employerMatch !== row.match) codes.push("match-differs");
  const over = nonNegative(sub(row.afterTax, room.afterTaxRoom));
  if (over > 0) codes.push("after-tax-over-room");
  if (hce && (row.afterTax > 0 || room.afterTaxRoom > 0)) codes.push("hce-acp-refund-risk");
  const rothRuleUnknown = !plan.ficaWagesGiven && room.catchUpLimit > 0;
  if (rothRuleUnknown && row.deferrals > room.regularDeferrals) codes.push("catch-up-roth-unknown");
  const mustBeRoth = rothRuleUnknown ? "" : room.catchUpMustBeRoth ? "true" : "false";
  return [
    String(row.line),
    csvField(row.id),
    String(hce),
    csvDollars(room.afterTaxRoom),
    csvDollars(row.afterTax),
    csvDollars(nonNegative(sub(room.afterTaxRoom, row.afterTax))),
    csvDollars(over),
    electionPercent(room.afterTaxRoom, row.compensation),
    room.bindingLimit,
    csvDollars(room.annualAdditionsLimit),
    csvDollars(room.regularDeferrals),
    csvDollars(room.catchUpContributed),
    csvDollars(room.excessDeferral),
    csvDollars(room.employerMatch),
    csvDollars(room.employerNonelective),
    mustBeRoth,
    codes.join(";"),
    "",
  ].join(",");
}

async function referenceBatch(file: string, plan: Omit<BatchPlan, "ficaWagesGiven">): Promise<string> {
  const lines: string[] = [];
  let rowPlan: BatchPlan = { ...plan, ficaWagesGiven: false };
  const bad = (line: number, id: string | null, message: string) =>
    lines.push(errorRow({ line, id, message }).map(csvField).join(","));
  await readParticipantCsv(file, {
    required: [...REQUIRED_COLUMNS, "age"],
    onHeader: (columns) => {
      const ruleInEffect = figureFrom("rothCatchUpWageThreshold", plan.year) !== null;
      rowPlan = { ...rowPlan, ficaWagesGiven: columns.prior_year_fica_wages >= 0 || !ruleInEffect };
      lines.push(BATCH_COLUMNS.join(","));
    },
    onRows: (rows) => {
      for (const row of rows) {
        if (isBadRow(row)) bad(row.line, row.id, row.message);
        else if (row.age === null)
          bad(row.line, row.id, "age is empty (allowed: a whole number 18–120, age at year end)");
        else lines.push(referenceRow(row, rowPlan));
      }
    },
  });
  return lines.map((l) => `${l}\n`).join("");
}

async function batchOutput(file: string, plan: Omit<BatchPlan, "ficaWagesGiven">): Promise<string> {
  const out = new Collect();
  await planFile(file, plan, out);
  return out.text();
}

const amount = (max: number) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .integer({ min: 0, max })
        .map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`),
    },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: max / 100 }).map(String) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 0, max })
        .map((c) => `"$${(c / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}"`),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 0, max: max / 10 }).map((d) => ` ${Math.floor(d / 10)}.${d % 10} `),
    },
  );
const optional = (max: number) => fc.oneof(fc.constant(""), amount(max));
const row = fc.record({
  id: fc.oneof(
    fc.stringMatching(/^[A-Z][0-9]{1,6}$/),
    fc.constantFrom('"Smith, Jo"', '"say ""hi"""', '"two\nlines"', '"three\r\nlines"', "Zoë", " E7 "),
    fc.string({ minLength: 1, maxLength: 5 }).filter((s) => s.trim() !== "" && !/[\r\n",]/.test(s)),
  ),
  compensation: amount(80_000_000),
  prior: amount(80_000_000),
  owner: fc.constantFrom("true", "false", "yes", "no", "1", "0", " TRUE ", "maybe"),
  deferrals: amount(6_000_000),
  match: amount(2_000_000),
  afterTax: amount(7_000_000),
  age: fc.oneof(
    fc.constantFrom("50", "59", "60", "61", "62", "63", "64", "18", "120", "121", "17", "", "5O", " 45 "),
    fc.integer({ min: 18, max: 99 }).map(String),
  ),
  fica: optional(40_000_000),
  other: optional(4_000_000),
  related: optional(3_000_000),
  broken: fc.oneof(
    { weight: 20, arbitrary: fc.constant("") },
    { weight: 1, arbitrary: fc.constantFrom("short", "extra", "-5") },
  ),
});
type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

function participantFile(
  rows: readonly Row[],
  name: string,
  crlf: boolean,
  bom: boolean,
  fica: boolean,
): string {
  const head = [
    "id",
    "compensation",
    "prior_year_compensation",
    "five_percent_owner",
    "deferrals",
    "match",
    "after_tax",
    "age",
    ...(fica ? ["prior_year_fica_wages"] : []),
    "other_employer_deferrals",
    "related_employer_additions",
  ].join(",");
  const lines = rows.map((r) => {
    const fields = [r.id, r.compensation, r.prior, r.owner, r.deferrals, r.match, r.afterTax, r.age];
    if (fica) fields.push(r.fica);
    fields.push(r.other, r.related);
    if (r.broken === "short") fields.pop();
    if (r.broken === "extra") fields.push("1");
    if (r.broken === "-5") fields[1] = "-5";
    return fields.join(",");
  });
  const eol = crlf ? "\r\n" : "\n";
  const file = join(dir, name);
  writeFileSync(file, `${bom ? "\uFEFF" : ""}${head}${eol}${lines.join(eol)}${eol}`);
  return file;
}

const tiers = (formula: string): MatchTier[] =>
  formula === "100%@4%"
    ? [{ rateBp: 10_000 as BasisPoints, upToBp: 400 as BasisPoints }]
    : [
        { rateBp: 10_000 as BasisPoints, upToBp: 300 as BasisPoints },
        { rateBp: 5_000 as BasisPoints, upToBp: 200 as BasisPoints },
      ];

describe("batch file = the plain string-built batch", () => {
  it("on random participant files (CRLF, BOM, quotes, optional columns, bad rows; every plan option)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 60 }),
        fc.record({
          year: fc.constantFrom(2024, 2025, 2026),
          match: fc.constantFrom("file", "100%@4%", "100%@3%,50%@2%"),
          nonelectiveBp: fc.constantFrom(0, 300, 1_250),
          cap: fc.constantFrom<AfterTaxCap | null>(
            null,
            { kind: "percent", bp: 1_000 as BasisPoints },
            { kind: "dollars", amount: 1_500_000 as Cents },
          ),
          roth: fc.boolean(),
          crlf: fc.boolean(),
          bom: fc.boolean(),
          fica: fc.boolean(),
        }),
        async (rows, o) => {
          const file = participantFile(rows, `p${n++}.csv`, o.crlf, o.bom, o.fica);
          const plan = {
            year: o.year,
            match: o.match === "file" ? null : tiers(o.match),
            nonelectiveBp: o.nonelectiveBp as BasisPoints,
            afterTaxCap: o.cap,
            planOffersRoth: o.roth,
            hceThreshold: hceCompensationThreshold(o.year),
          };
          expect(await batchOutput(file, plan)).toBe(await referenceBatch(file, plan));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("on the documented example file, both years", async () => {
    const file = new URL("../../docs/participants-example.csv", import.meta.url).pathname;
    for (const year of [2025, 2026]) {
      const plan = {
        year,
        match: null,
        nonelectiveBp: 0 as BasisPoints,
        afterTaxCap: null,
        planOffersRoth: true,
        hceThreshold: hceCompensationThreshold(year),
      };
      expect(await batchOutput(file, plan)).toBe(await referenceBatch(file, plan));
    }
  });
});
