import type { BasisPoints, MatchTier } from "@megaroth/core/typed";
import {
  type AfterTaxCap,
  type Cents,
  contributionRoom,
  isHighlyCompensatedEmployee,
  nonNegative,
  type RoomInput,
  sub,
} from "@megaroth/core/typed";
import {
  type CsvWriter,
  PLAIN_FIELD_MAX,
  putAscii,
  putDollars,
  putInteger,
  putPlainField,
  RESERVE_MAX,
} from "./csv-writer.js";
import type { BadRow, ParticipantRow } from "./participant-csv.js";

/** The plan's terms that every row shares. */
export interface BatchPlan {
  readonly year: number;
  /** The plan's match formula, or null to take each row's `match` column as the year's match. */
  readonly match: readonly MatchTier[] | null;
  readonly nonelectiveBp: BasisPoints;
  readonly afterTaxCap: AfterTaxCap | null;
  readonly planOffersRoth: boolean;
  /** The HCE threshold for the year (look-back year's figure), read once. */
  readonly hceThreshold: Cents;
  /** Whether the Roth catch-up rule can be applied: the file has prior_year_fica_wages, or the year has no such rule. */
  readonly ficaWagesGiven: boolean;
}

const COMMA = 44;
/**
 * Most bytes from the line column to the catch_up_must_be_roth column: the line number (24), a plain id and
 * their commas, 11 amounts and a percentage of at most 24 bytes each, "false" twice, the longest binding limit
 * (29) and 12 commas — within what the writer can reserve.
 */
const ROW_BYTES = 24 + 1 + PLAIN_FIELD_MAX + 1 + 12 * 24 + 2 * 5 + 29 + 12;
if (ROW_BYTES > RESERVE_MAX) throw new Error("ROW_BYTES exceeds what CsvWriter.reserve promises");

/** The output columns, in order (documented in docs/participant-csv.md). */
export const BATCH_COLUMNS = [
  "line",
  "id",
  "hce",
  "after_tax_room",
  "after_tax_elected",
  "after_tax_remaining",
  "after_tax_over_room",
  "after_tax_election_pct",
  "binding_limit",
  "annual_additions_limit",
  "regular_deferrals",
  "catch_up",
  "excess_deferral",
  "employer_match",
  "employer_nonelective",
  "catch_up_must_be_roth",
  "warnings",
  "error",
] as const;

/**
 * The whole-year after-tax election, in basis points of pay, that fills the room without passing it: room ÷ pay,
 * rounded down to 0.01% (1234 bp, written "12.34"), or null without pay. Exact in safe integers (room × 10,000
 * stays far below 2^53).
 */
function electionBp(room: Cents, pay: Cents): number | null {
  if (pay <= 0) return null;
  const scaled = room * 10_000;
  let bp = Math.floor(scaled / pay);
  if (bp * pay > scaled) bp -= 1;
  else if ((bp + 1) * pay <= scaled) bp += 1;
  return bp;
}

function code(out: CsvWriter, written: number, c: string): number {
  if (written > 0) out.ascii(";");
  out.ascii(c);
  return written + 1;
}

/** The row's facts for `contributionRoom`, with the plan's match formula. */
function roomInput(row: ParticipantRow, plan: BatchPlan, match: readonly MatchTier[]): RoomInput {
  return {
    year: plan.year,
    ageAtYearEnd: row.age!,
    compensation: row.compensation,
    electiveDeferrals: row.deferrals,
    match,
    nonelectiveBp: plan.nonelectiveBp,
    afterTaxCap: plan.afterTaxCap,
    priorYearFicaWages: row.priorYearFicaWages,
    planOffersRoth: plan.planOffersRoth,
    otherEmployerDeferrals: row.otherEmployerDeferrals,
    relatedEmployerAdditions: row.relatedEmployerAdditions,
  };
}

/** The same, the year's match taken from the row's `match` column (no formula). */
function roomInputGivenMatch(row: ParticipantRow, plan: BatchPlan): RoomInput {
  return {
    year: plan.year,
    ageAtYearEnd: row.age!,
    compensation: row.compensation,
    electiveDeferrals: row.deferrals,
    match: NO_TIERS,
    employerMatchGiven: row.match,
    nonelectiveBp: plan.nonelectiveBp,
    afterTaxCap: plan.afterTaxCap,
    priorYearFicaWages: row.priorYearFicaWages,
    planOffersRoth: plan.planOffersRoth,
    otherEmployerDeferrals: row.otherEmployerDeferrals,
    relatedEmployerAdditions: row.relatedEmployerAdditions,
  };
}

const NO_TIERS: readonly MatchTier[] = Object.freeze([]);

/**
 * One participant's plan as a CSV line onto `out`: the room from `contributionRoom`, what they elected against
 * it, and warning codes. Written field by field into the writer's buffer (only the id can need quoting), since
 * a file can have a million rows. `explain` (default false: the batch writes no steps or messages) exists so
 * tests can check that asking for steps changes nothing in the line.
 */
export function writePlanRow(out: CsvWriter, row: ParticipantRow, plan: BatchPlan, explain = false): void {
  // Only warning codes reach the file: no steps, no messages.
  const room = contributionRoom(
    plan.match === null ? roomInputGivenMatch(row, plan) : roomInput(row, plan, plan.match),
    { explain },
  );
  const hce = isHighlyCompensatedEmployee(row, plan.hceThreshold);
  const over = nonNegative(sub(row.afterTax, room.afterTaxRoom));
  const rothRuleUnknown = !plan.ficaWagesGiven && room.catchUpLimit > 0;
  // The fields up to the codes are written straight into the buffer: ASCII of bounded length (ROW_BYTES), and
  // the id as it is when it needs no quoting (else through the writer's `field`: quotes, UTF-8).
  let b = out.reserve(RESERVE_MAX); // all it can promise: a margin past ROW_BYTES
  let at = putInteger(b, out.position, row.line);
  b[at++] = COMMA;
  const idEnd = putPlainField(b, at, row.id);
  if (idEnd < 0) {
    out.putBack(at);
    out.field(row.id);
    b = out.reserve(RESERVE_MAX);
    at = out.position;
  } else at = idEnd;
  b[at++] = COMMA;
  at = putAscii(b, at, hce ? "true" : "false");
  b[at++] = COMMA;
  at = putDollars(b, at, room.afterTaxRoom);
  b[at++] = COMMA;
  at = putDollars(b, at, row.afterTax);
  b[at++] = COMMA;
  at = putDollars(b, at, nonNegative(sub(room.afterTaxRoom, row.afterTax)));
  b[at++] = COMMA;
  at = putDollars(b, at, over);
  b[at++] = COMMA;
  const bp = electionBp(room.afterTaxRoom, row.compensation);
  // A percentage with two decimals is written as money is: 1234 bp → "12.34".
  if (bp !== null) at = putDollars(b, at, bp as Cents);
  b[at++] = COMMA;
  at = putAscii(b, at, room.bindingLimit);
  b[at++] = COMMA;
  at = putDollars(b, at, room.annualAdditionsLimit);
  b[at++] = COMMA;
  at = putDollars(b, at, room.regularDeferrals);
  b[at++] = COMMA;
  at = putDollars(b, at, room.catchUpContributed);
  b[at++] = COMMA;
  at = putDollars(b, at, room.excessDeferral);
  b[at++] = COMMA;
  at = putDollars(b, at, room.employerMatch);
  b[at++] = COMMA;
  at = putDollars(b, at, room.employerNonelective);
  b[at++] = COMMA;
  if (!rothRuleUnknown) at = putAscii(b, at, room.catchUpMustBeRoth ? "true" : "false");
  b[at++] = COMMA;
  out.putBack(at);
  // The codes, ";"-separated: the room's warnings, then the batch's own.
  let codes = 0;
  for (const w of room.warnings) codes = code(out, codes, w.code);
  if (room.employerMatch !== row.match) codes = code(out, codes, "match-differs");
  if (over > 0) codes = code(out, codes, "after-tax-over-room");
  if (hce && (row.afterTax > 0 || room.afterTaxRoom > 0)) codes = code(out, codes, "hce-acp-refund-risk");
  if (rothRuleUnknown && row.deferrals > room.regularDeferrals) code(out, codes, "catch-up-roth-unknown");
  out.comma().endRow();
}

/** A row that could not be read: its line, its id if any, and the reason in the error column. */
export function errorRow(bad: BadRow): string[] {
  const fields: string[] = BATCH_COLUMNS.map(() => "");
  fields[0] = String(bad.line);
  fields[1] = bad.id ?? "";
  fields[BATCH_COLUMNS.length - 1] = bad.message;
  return fields;
}
