import type { BasisPoints, MatchTier } from "@megaroth/core/typed";
import {
  type AfterTaxCap,
  type Cents,
  contributionRoom,
  isHighlyCompensatedEmployee,
  nonNegative,
  sub,
} from "@megaroth/core/typed";
import { csvDollars, csvField } from "./csv-writer.js";
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
 * The whole-year after-tax election, as % of pay, that fills the room without passing it: room ÷ pay,
 * rounded down to 0.01% ("12.34"). Exact in safe integers (room × 10,000 stays far below 2^53).
 */
function electionPercent(room: Cents, pay: Cents): string {
  if (pay <= 0) return "";
  const scaled = room * 10_000;
  let bp = Math.floor(scaled / pay);
  if (bp * pay > scaled) bp -= 1;
  else if ((bp + 1) * pay <= scaled) bp += 1;
  const fraction = bp % 100;
  return `${(bp - fraction) / 100}.${fraction < 10 ? "0" : ""}${fraction}`;
}

/**
 * One participant's plan as a CSV line: the room from `contributionRoom`, what they elected against it,
 * and warning codes. Built as one string (only the id can need quoting) since a file can have a million rows.
 */
export function planRow(row: ParticipantRow, plan: BatchPlan): string {
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
  return (
    `${row.line},${csvField(row.id)},${hce},${csvDollars(room.afterTaxRoom)},${csvDollars(row.afterTax)},` +
    `${csvDollars(nonNegative(sub(room.afterTaxRoom, row.afterTax)))},${csvDollars(over)},` +
    `${electionPercent(room.afterTaxRoom, row.compensation)},${room.bindingLimit},${csvDollars(room.annualAdditionsLimit)},` +
    `${csvDollars(room.regularDeferrals)},${csvDollars(room.catchUpContributed)},${csvDollars(room.excessDeferral)},` +
    `${csvDollars(room.employerMatch)},${csvDollars(room.employerNonelective)},${mustBeRoth},${codes.join(";")},`
  );
}

/** A row that could not be read: its line, its id if any, and the reason in the error column. */
export function errorRow(bad: BadRow): string[] {
  const fields: string[] = BATCH_COLUMNS.map(() => "");
  fields[0] = String(bad.line);
  fields[1] = bad.id ?? "";
  fields[BATCH_COLUMNS.length - 1] = bad.message;
  return fields;
}
