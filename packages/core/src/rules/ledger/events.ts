import * as v from "valibot";
import { figure, supportedYears, UnsupportedYearError } from "../../data/figures.js";
import type { Cents } from "../money/cents.js";

/**
 * The basis ledger's events. Storage keeps only these; every balance, basis and clock is a fold over them
 * (see fold.ts). Amounts are integer cents.
 */

export const ACCOUNT_KINDS = [
  "401k-after-tax",
  "401k-pretax",
  "roth-401k",
  "traditional-ira",
  "roth-ira",
  "taxable",
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const EVENT_TYPES = [
  "open",
  "after-tax-contribution",
  "employer-contribution",
  "in-plan-roth-conversion",
  "roth-ira-conversion",
  "rollover",
  "distribution",
  "nondeductible-ira-contribution",
  "roth-ira-contribution",
  "statement-balance",
  "year-end-value",
  "1099-r",
  "form-8606",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Plan accounts that are not designated Roth: a distribution recovers basis pro rata (IRC §72(e)(8), §72(d)(2)). */
export const NON_ROTH_PLAN_KINDS: readonly AccountKind[] = ["401k-after-tax", "401k-pretax"];

/** Which account kinds each money-moving event may name as its `account`. */
export const KINDS_FOR_EVENT: Readonly<Record<EventType, readonly AccountKind[]>> = {
  open: ACCOUNT_KINDS,
  "after-tax-contribution": ["401k-after-tax", "roth-401k", "taxable"],
  "employer-contribution": ["401k-pretax"],
  "in-plan-roth-conversion": NON_ROTH_PLAN_KINDS,
  "roth-ira-conversion": ["traditional-ira"],
  // A traditional IRA may roll its pretax money into a plan (a "roll-in", IRC §408(d)(3)(A)(ii)).
  rollover: ["401k-after-tax", "401k-pretax", "roth-401k", "traditional-ira"],
  distribution: ACCOUNT_KINDS,
  "nondeductible-ira-contribution": ["traditional-ira"],
  "roth-ira-contribution": ["roth-ira"],
  "statement-balance": ACCOUNT_KINDS,
  "year-end-value": ACCOUNT_KINDS,
  "1099-r": ["401k-after-tax", "401k-pretax", "roth-401k", "traditional-ira", "roth-ira"],
  "form-8606": ["traditional-ira"],
};

/** A calendar date "YYYY-MM-DD"; the ledger has no clock, callers pass dates. */
export type IsoDate = string;

export const EARLIEST_DATE = "1974-01-01"; // ERISA created the IRA in 1974; nothing in a ledger predates it
export const LATEST_DATE = "2100-12-31";
/** Per-event cap: $100,000,000.00, so that even 100,000 events sum within a safe integer of cents. */
export const MAX_AMOUNT = 10_000_000_000;

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const dateSchema = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD"),
  v.check(isCalendarDate, "is not a calendar date"),
  v.check(
    (d) => d >= EARLIEST_DATE && d <= LATEST_DATE,
    `is out of range (allowed: ${EARLIEST_DATE} to ${LATEST_DATE})`,
  ),
);

export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const accountSchema = v.pipe(
  v.string(),
  v.regex(
    ACCOUNT_ID_PATTERN,
    "must be 1–40 letters, digits, '.', '_' or '-', starting with a letter or digit",
  ),
);

const positiveCents = v.pipe(
  v.number(),
  v.safeInteger("must be a whole number of cents"),
  v.minValue(1, "must be more than $0.00"),
  v.maxValue(MAX_AMOUNT, "must be at most $100,000,000.00"),
);
const nonNegativeCents = v.pipe(
  v.number(),
  v.safeInteger("must be a whole number of cents"),
  v.minValue(0, "must not be negative"),
  v.maxValue(MAX_AMOUNT, "must be at most $100,000,000.00"),
);
const signedCents = v.pipe(
  v.number(),
  v.safeInteger("must be a whole number of cents"),
  v.minValue(-MAX_AMOUNT, "must be at least -$100,000,000.00"),
  v.maxValue(MAX_AMOUNT, "must be at most $100,000,000.00"),
);
const taxYearSchema = v.pipe(
  v.number(),
  v.integer("must be a year"),
  v.minValue(1974, "is out of range (allowed: 1974–2100)"),
  v.maxValue(2100, "is out of range (allowed: 1974–2100)"),
);
const noteSchema = v.optional(
  v.pipe(
    v.string(),
    v.minLength(1, "must not be empty (leave it out)"),
    v.maxLength(200, "must be at most 200 characters"),
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    v.regex(/^[^\u0000-\u001f\u007f]*$/, "must not contain control characters"),
  ),
);

const base = { date: dateSchema, account: accountSchema, note: noteSchema };

function amountEvent<T extends EventType>(type: T) {
  return v.object({ type: v.literal(type), ...base, amount: positiveCents });
}

/** The Form 1099-R box 7 distribution code(s): one or two of 1–9, A–Z. */
const distributionCode = v.pipe(
  v.string(),
  v.regex(/^[1-9A-Z]{1,2}$/, "must be a 1099-R box 7 code such as G, 7, 1B"),
);

/**
 * Why a contribution dated `date` cannot be for `taxYear`, or null if it can: one for a year may be made
 * during that year or until the year's return due date without extensions, which moved in 2020, 2021
 * (COVID-19 notices) and 2022–2023 (weekend and Emancipation Day), so the deadline is a figure by year.
 */
export function contributionDateProblem(date: IsoDate, taxYear: number): string | null {
  if (taxYear === yearOf(date)) return null;
  if (taxYear !== yearOf(date) - 1)
    return "must be the year of the date, or the prior year for a contribution made by that year's deadline";
  let deadline: IsoDate;
  try {
    // IRC §219(f)(3), §408A(c)(7): made by the return due date for the tax year, not including extensions
    deadline = figure("iraContributionDeadline", taxYear);
  } catch (error) {
    if (!(error instanceof UnsupportedYearError)) throw error;
    const years = supportedYears("iraContributionDeadline");
    return `cannot be checked: no IRA contribution deadline on file for tax year ${taxYear} (supported: ${years[0]}–${years.at(-1)})`;
  }
  return date <= deadline
    ? null
    : `a contribution made on ${date} cannot be for ${taxYear}: the deadline for ${taxYear} contributions was ${deadline}`;
}

const contributionForYear = <T extends EventType>(type: T) =>
  v.pipe(
    v.object({ type: v.literal(type), ...base, amount: positiveCents, taxYear: taxYearSchema }),
    v.forward(
      v.partialCheck(
        [["date"], ["taxYear"]],
        (e) => contributionDateProblem(e.date, e.taxYear) === null,
        (issue) => {
          const e = issue.input as { date: IsoDate; taxYear: number };
          return contributionDateProblem(e.date, e.taxYear) ?? "is not a valid tax year for this date";
        },
      ),
      ["taxYear"],
    ),
  );

export const LedgerEventSchema = v.variant("type", [
  v.object({
    type: v.literal("open"),
    ...base,
    kind: v.picklist(ACCOUNT_KINDS, `must be one of ${ACCOUNT_KINDS.join(", ")}`),
  }),
  amountEvent("after-tax-contribution"),
  amountEvent("employer-contribution"),
  v.object({
    type: v.literal("in-plan-roth-conversion"),
    ...base,
    amount: positiveCents,
    toAccount: accountSchema,
  }),
  v.object({
    type: v.literal("roth-ira-conversion"),
    ...base,
    amount: positiveCents,
    toAccount: accountSchema,
  }),
  v.pipe(
    v.object({
      type: v.literal("rollover"),
      ...base,
      amount: positiveCents,
      destinations: v.pipe(
        v.array(v.object({ account: accountSchema, amount: positiveCents })),
        v.minLength(1, "needs at least one destination (to_account)"),
        v.maxLength(2, "allows at most two destinations"),
      ),
    }),
    v.forward(
      v.check(
        (e) => e.destinations.reduce((s, d) => s + d.amount, 0) <= e.amount,
        "destination amounts add up to more than the distribution",
      ),
      ["destinations"],
    ),
  ),
  amountEvent("distribution"),
  contributionForYear("nondeductible-ira-contribution"),
  contributionForYear("roth-ira-contribution"),
  v.object({
    type: v.literal("statement-balance"),
    ...base,
    amount: nonNegativeCents,
    basis: v.nullable(nonNegativeCents),
    earnings: v.nullable(signedCents),
  }),
  v.pipe(
    v.object({ type: v.literal("year-end-value"), ...base, amount: nonNegativeCents }),
    v.forward(
      v.check((e) => e.date.slice(5) === "12-31", "a year-end value must be dated December 31"),
      ["date"],
    ),
  ),
  v.pipe(
    v.object({
      type: v.literal("1099-r"),
      ...base,
      taxYear: taxYearSchema,
      amount: nonNegativeCents,
      taxable: v.nullable(nonNegativeCents),
      basis: v.nullable(nonNegativeCents),
      code: distributionCode,
    }),
    v.forward(
      v.check((e) => e.taxable === null || e.taxable <= e.amount, "box 2a is more than box 1"),
      ["taxable"],
    ),
    v.forward(
      v.check((e) => e.basis === null || e.basis <= e.amount, "box 5 is more than box 1"),
      ["basis"],
    ),
  ),
  v.object({ type: v.literal("form-8606"), ...base, taxYear: taxYearSchema, amount: nonNegativeCents }),
]);

type Parsed = v.InferOutput<typeof LedgerEventSchema>;
type WithCents<T> = {
  [K in keyof T]: K extends "amount" | "basis" | "earnings" | "taxable"
    ? T[K] extends number
      ? Cents
      : T[K] extends number | null
        ? Cents | null
        : T[K]
    : K extends "destinations"
      ? readonly { readonly account: string; readonly amount: Cents }[]
      : T[K];
};

/** One ledger event, validated by `LedgerEventSchema`. */
export type LedgerEvent = {
  readonly [K in Parsed["type"]]: WithCents<Extract<Parsed, { type: K }>>;
}[Parsed["type"]];
export type EventOf<T extends EventType> = Extract<LedgerEvent, { type: T }>;

export interface EventIssue {
  /** The event's field ("amount", "destinations", ...) or null for the whole event. */
  readonly field: string | null;
  readonly message: string;
}

/** Validates one event's shape and ranges; every problem is returned, none is thrown. */
export function validateEvent(
  input: unknown,
): { event: LedgerEvent; issues: [] } | { event: null; issues: EventIssue[] } {
  const result = v.safeParse(LedgerEventSchema, input, { abortEarly: false });
  if (result.success) return { event: result.output as LedgerEvent, issues: [] };
  return {
    event: null,
    issues: result.issues.map((issue) => {
      const key = issue.path?.[0]?.key;
      return { field: typeof key === "string" ? key : null, message: issue.message };
    }),
  };
}
