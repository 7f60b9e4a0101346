import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";

/**
 * A scenario: one person's plan year as a file (JSON or YAML) describes it — pay, the plan's rules, what is
 * already contributed, and the goal. Money is in dollars (at most 2 decimals) and percentages are numbers
 * (6 = 6%, at most 2 decimals), exactly as a person writes them; the planner converts them to exact cents and
 * basis points. `parseScenario` validates a parsed file and reports every error with its path.
 */

/** A strict object: an unknown key "is not a known field", a required key left out "is missing". */
const obj = <T extends v.ObjectEntries>(entries: T) =>
  v.strictObject(entries, (issue) =>
    issue.kind === "schema" && issue.expected === "never"
      ? "is not a known field"
      : issue.expected?.startsWith('"')
        ? "is missing (required)"
        : "must be an object",
  );

/** An explicit paycheck list: one a day at most (a plan year has at most 53 paychecks per frequency). */
export const MAX_PAYCHECKS = 366;
/** Bonuses in a year. */
export const MAX_BONUSES = 100;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function hasAtMostTwoDecimals(n: number): boolean {
  return Number.isFinite(n) && /^-?\d+(\.\d{1,2})?$/.test(String(n));
}

const dollarsField = (what: string) =>
  v.pipe(
    v.number(`must be a number of dollars (${what})`),
    v.minValue(0, "must be 0 or more dollars"),
    v.maxValue(100_000_000, "must be at most $100,000,000"),
    v.check(hasAtMostTwoDecimals, "must have at most 2 decimals (cents)"),
  );

const percentField = (max = 100) =>
  v.pipe(
    v.number(`must be a percentage 0–${max}%`),
    v.minValue(0, `must be 0–${max}%`),
    v.maxValue(max, `must be 0–${max}%`),
    v.check(hasAtMostTwoDecimals, "must have at most 2 decimals"),
  );

function isRealDate(text: string): boolean {
  const [y, m, d] = text.split("-").map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}

const dateField = v.pipe(
  v.string("must be a date YYYY-MM-DD"),
  v.regex(DATE, "must be a date YYYY-MM-DD"),
  v.check(isRealDate, "must be a real calendar date"),
);

const feature = v.picklist(["yes", "no", "unknown"], 'must be "yes", "no" or "unknown"');

export const PAY_FREQUENCIES = ["weekly", "biweekly", "semimonthly", "monthly"] as const;

export const ELECTION_INCREMENTS = ["1%", "0.5%", "0.1%", "dollars"] as const;
export type ElectionIncrement = (typeof ELECTION_INCREMENTS)[number];

export const PERCENT_ELECTION_BASES = ["capped-pay", "gross-pay"] as const;

export const CONVERSION_CADENCES = ["none", "per-paycheck", "monthly", "quarterly", "annually"] as const;

const MatchTierSchema = obj({
  rate: percentField(1000),
  upTo: percentField(100),
});

const PaycheckSchema = obj({
  date: dateField,
  gross: dollarsField("gross pay of this paycheck"),
  bonus: v.optional(v.boolean("must be true or false")),
});

export const BUSINESS_KINDS = ["sole-proprietorship", "partnership"] as const;

/** A self-employed owner's pay: the year's net profit, not paychecks (IRC §401(c)(1)). */
const SelfEmployedSchema = obj({
  netProfit: dollarsField("net profit: Schedule C line 31 or Schedule K-1 box 14 code A"),
  business: v.optional(v.picklist(BUSINESS_KINDS, `must be one of ${BUSINESS_KINDS.join(", ")}`)),
  w2WagesElsewhere: v.optional(dollarsField("W-2 social security wages this year from jobs")),
});

/** Another employer in the same year, as a first-class part of the situation (IRC §402(g) per person, §415(c) per employer). */
const OtherEmployerSchema = obj({
  name: v.pipe(
    v.string("must be a name"),
    v.trim(),
    v.minLength(1, "must not be empty"),
    v.maxLength(80, "must be at most 80 characters"),
  ),
  deferrals: dollarsField("pre-tax + Roth deferrals at this employer this year"),
  related: v.optional(v.boolean("must be true or false")),
  additions: v.optional(dollarsField("employer contributions and after-tax contributions at this employer")),
  compensation: v.optional(dollarsField("compensation from this employer this year")),
});

const PaySchema = obj({
  selfEmployed: v.optional(SelfEmployedSchema),
  salary: v.optional(dollarsField("annual salary before deferrals")),
  frequency: v.optional(v.picklist(PAY_FREQUENCIES, `must be one of ${PAY_FREQUENCIES.join(", ")}`)),
  firstPayDate: v.optional(dateField),
  startDate: v.optional(dateField),
  bonuses: v.optional(
    v.pipe(
      v.array(obj({ date: dateField, amount: dollarsField("bonus gross") })),
      v.maxLength(MAX_BONUSES, `must list at most ${MAX_BONUSES} bonuses`),
    ),
  ),
  paychecks: v.optional(
    v.pipe(
      v.array(PaycheckSchema),
      v.maxLength(MAX_PAYCHECKS, `must list at most ${MAX_PAYCHECKS} paychecks (one a day)`),
    ),
  ),
  priorYearFicaWages: v.optional(v.nullable(dollarsField("prior-year W-2 box 3 wages from this employer"))),
  withholdingPct: v.optional(percentField(100)),
});

const PlanSchema = obj({
  match: v.optional(v.array(MatchTierSchema)),
  matchPeriod: v.optional(
    v.picklist(
      ["per-paycheck", "annual-true-up", "unknown"],
      'must be "per-paycheck", "annual-true-up" or "unknown"',
    ),
  ),
  nonelective: v.optional(percentField(100)),
  afterTax: obj({
    allowed: feature,
    capPct: v.optional(percentField(100)),
    capDollars: v.optional(dollarsField("plan cap on after-tax contributions")),
  }),
  electionIncrement: v.optional(
    v.picklist(ELECTION_INCREMENTS, `must be one of ${ELECTION_INCREMENTS.join(", ")}`),
  ),
  separateBonusElection: v.optional(v.boolean("must be true or false")),
  payrollStopsDeferralsAt402g: v.optional(feature),
  payrollStopsAfterTaxAt415c: v.optional(feature),
  roth: v.optional(feature),
  inPlanRothConversion: v.optional(feature),
  inServiceWithdrawal: v.optional(feature),
  automaticConversion: v.optional(feature),
  conversionCadence: v.optional(
    v.picklist(CONVERSION_CADENCES, `must be one of ${CONVERSION_CADENCES.join(", ")}`),
  ),
  maxElectionPct: v.optional(percentField(100)),
  percentElectionsApplyTo: v.optional(
    v.pipe(
      v.picklist(PERCENT_ELECTION_BASES, `must be one of ${PERCENT_ELECTION_BASES.join(", ")}`),
      v.description(
        'What a percentage election is taken from. "capped-pay" (the default): plan compensation, pay within the 401(a)(17) limit for the year, so once year-to-date pay passes the limit percent elections withhold nothing. "gross-pay": every paycheck\'s gross pay, for a payroll that keeps taking percentages above the limit. Dollar elections are not affected.',
      ),
    ),
  ),
  maxElectionChanges: v.optional(v.picklist([0, 1], "must be 0 or 1")),
});

const YtdSchema = obj({
  paychecksPaid: v.pipe(
    v.number("must be a whole number"),
    v.integer("must be a whole number"),
    v.minValue(0, "must be 0 or more"),
  ),
  gross: v.optional(dollarsField("gross paid so far")),
  deferrals: v.optional(dollarsField("deferrals so far, catch-up included")),
  match: v.optional(dollarsField("employer match so far")),
  nonelective: v.optional(dollarsField("employer nonelective so far")),
  afterTax: v.optional(dollarsField("after-tax contributions so far")),
});

const goalAmount = v.union(
  [v.literal("max"), dollarsField("annual amount")],
  'must be "max" or a dollar amount',
);

export const ScenarioSchema = obj({
  year: v.pipe(
    v.number("must be a year"),
    v.integer("must be a whole year"),
    v.minValue(2000, "must be 2000–2100"),
    v.maxValue(2100, "must be 2000–2100"),
  ),
  ageAtYearEnd: v.pipe(
    v.number("must be an age"),
    v.integer("must be a whole age"),
    v.minValue(18, "must be 18–120"),
    v.maxValue(120, "must be 18–120"),
  ),
  filingStatus: v.optional(
    v.picklist(["single", "mfj", "mfs", "hoh"], 'must be "single", "mfj", "mfs" or "hoh"'),
  ),
  pay: PaySchema,
  plan: PlanSchema,
  ytd: v.optional(YtdSchema),
  otherEmployerDeferrals: v.optional(dollarsField("deferrals at other employers this year")),
  relatedEmployerAdditions: v.optional(dollarsField("annual additions at a related employer")),
  otherEmployers: v.optional(v.array(OtherEmployerSchema)),
  goal: v.optional(
    obj({
      deferrals: v.optional(goalAmount),
      afterTax: v.optional(goalAmount),
    }),
  ),
});

export type Scenario = v.InferOutput<typeof ScenarioSchema>;

export interface ScenarioError {
  readonly path: string;
  readonly message: string;
}

export type ParseScenarioResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

function issuePath(issue: v.BaseIssue<unknown>): string {
  let path = "";
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    path += typeof key === "number" ? `[${key}]` : path === "" ? String(key) : `.${String(key)}`;
  }
  return path === "" ? "(scenario)" : path;
}

// Rules across fields that a JSON Schema cannot say; each error names the field it is about.
function crossFieldErrors(s: Scenario): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const inYear = (date: string, path: string) => {
    if (!date.startsWith(`${s.year}-`)) errors.push({ path, message: `must be a date in ${s.year}` });
  };
  const hasSalary = s.pay.salary !== undefined;
  const hasList = s.pay.paychecks !== undefined;
  const selfEmployed = s.pay.selfEmployed !== undefined;
  if ([hasSalary, hasList, selfEmployed].filter(Boolean).length !== 1) {
    errors.push({
      path: "pay",
      message:
        "give one of: salary with frequency, an explicit list of paychecks, or selfEmployed (a self-employed owner's net profit)",
    });
  }
  if (selfEmployed) errors.push(...selfEmployedErrors(s));
  if (hasSalary && s.pay.frequency === undefined) {
    errors.push({
      path: "pay.frequency",
      message: `is required with salary (one of ${PAY_FREQUENCIES.join(", ")})`,
    });
  }
  if (hasList && s.pay.paychecks!.length === 0)
    errors.push({ path: "pay.paychecks", message: "must list at least one paycheck" });
  for (const [i, p] of (s.pay.paychecks ?? []).entries()) inYear(p.date, `pay.paychecks[${i}].date`);
  for (const [i, b] of (s.pay.bonuses ?? []).entries()) inYear(b.date, `pay.bonuses[${i}].date`);
  if (s.pay.firstPayDate) inYear(s.pay.firstPayDate, "pay.firstPayDate");
  if (s.pay.startDate) inYear(s.pay.startDate, "pay.startDate");
  const upTo = (s.plan.match ?? []).reduce((t, m) => t + m.upTo, 0);
  if (upTo > 100)
    errors.push({ path: "plan.match", message: `tiers cover ${upTo}% of pay; at most 100% allowed` });
  if (s.plan.afterTax.capPct !== undefined && s.plan.afterTax.capDollars !== undefined) {
    errors.push({ path: "plan.afterTax", message: "give capPct or capDollars, not both" });
  }
  // A mid-year re-plan: with paychecks already paid, what they contributed must be given, never taken as 0.
  if (s.ytd && s.ytd.paychecksPaid > 0) {
    const needed: [keyof NonNullable<Scenario["ytd"]>, boolean][] = [
      ["deferrals", true],
      ["match", (s.plan.match ?? []).some((m) => m.rate > 0 && m.upTo > 0)],
      ["nonelective", (s.plan.nonelective ?? 0) > 0],
      ["afterTax", s.plan.afterTax.allowed !== "no"],
    ];
    for (const [field, required] of needed) {
      if (required && s.ytd[field] === undefined) {
        errors.push({
          path: `ytd.${field}`,
          message: `is required when paychecks are already paid (ytd.paychecksPaid is ${s.ytd.paychecksPaid}): give the ${YTD_WHAT[field]} so far, 0 if none`,
        });
      }
    }
  }
  for (const [i, e] of (s.otherEmployers ?? []).entries()) {
    if ((s.otherEmployers ?? []).findIndex((o) => o.name === e.name) !== i)
      errors.push({ path: `otherEmployers[${i}].name`, message: `"${e.name}" is listed twice` });
  }
  return errors;
}

// A self-employed owner has no paychecks, no match formula that payroll runs, and no FICA wages from the business.
function selfEmployedErrors(s: Scenario): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const notForOwner = (path: string, why: string) =>
    errors.push({ path, message: `not for a self-employed owner (${why})` });
  for (const key of ["frequency", "firstPayDate", "startDate", "bonuses", "withholdingPct"] as const) {
    if (s.pay[key] !== undefined) notForOwner(`pay.${key}`, "an owner has no paychecks");
  }
  if (s.pay.priorYearFicaWages != null)
    notForOwner("pay.priorYearFicaWages", "self-employment income is not FICA wages");
  if ((s.plan.match ?? []).length > 0)
    notForOwner("plan.match", "an owner's employer contribution is plan.nonelective");
  if ((s.plan.nonelective ?? 0) > 25)
    errors.push({
      path: "plan.nonelective",
      message: "must be 0–25% for a self-employed owner (IRC §404(a)(3)(A))",
    });
  if (s.ytd !== undefined)
    notForOwner("ytd", "contributions are deposits by the plan's deadlines, not paychecks");
  return errors;
}

const YTD_WHAT: Record<string, string> = {
  deferrals: "deferrals (catch-up included)",
  match: "employer match",
  nonelective: "employer nonelective contributions",
  afterTax: "after-tax contributions",
};

/** Validates a parsed scenario file; on failure lists every error with its path (`plan.match[1].upTo`). */
export function parseScenario(value: unknown): ParseScenarioResult {
  const result = v.safeParse(ScenarioSchema, value, { abortEarly: false });
  if (!result.success) {
    return {
      ok: false,
      errors: result.issues.map((issue) => ({ path: issuePath(issue), message: issue.message })),
    };
  }
  const errors = crossFieldErrors(result.output);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scenario: result.output };
}

/** The published JSON Schema of a scenario file (`megaroth schema`). Cross-field rules are in `parseScenario`. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = toJsonSchema(ScenarioSchema, { errorMode: "ignore" }) as Record<string, unknown>;
  return {
    ...schema,
    title: "megaroth scenario",
    description:
      "One person's plan year for `megaroth plan`: pay, the plan's rules, contributions so far and the goal. Dollars with at most 2 decimals; percentages as numbers (6 = 6%).",
  };
}
