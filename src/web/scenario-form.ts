import {
  type BUSINESS_KINDS,
  basisPointsToPercent,
  type CONVERSION_CADENCES,
  centsToDollars,
  type ELECTION_INCREMENTS,
  formatMatchFormula,
  MatchFormulaError,
  type PAY_FREQUENCIES,
  type PERCENT_ELECTION_BASES,
  parseDollars,
  parseMatchFormula,
  parsePercent,
  parseScenario,
  percentToBasisPoints,
  type Scenario,
  type ScenarioError,
} from "@megaroth/core/typed";

/**
 * The planner's form: a scenario (the same file `megaroth plan` reads) as the text a person types. Reading the
 * form gives the scenario JSON, validated by the core's own `parseScenario`, so an error on the page is worded
 * and pathed as the CLI words it. Parts of an imported file the form has no field for (an explicit list of
 * paychecks, the plan's election-change limit) are kept as they were.
 */
export type Feature = "yes" | "no" | "unknown";

export interface ScenarioForm {
  readonly year: string;
  readonly ageAtYearEnd: string;
  readonly filingStatus: "" | "single" | "mfj" | "mfs" | "hoh";
  /** An employee's paychecks, or a self-employed owner's net profit (`pay.selfEmployed`). */
  readonly payKind: "employee" | "self-employed";
  readonly netProfit: string;
  readonly business: (typeof BUSINESS_KINDS)[number];
  readonly w2WagesElsewhere: string;
  readonly salary: string;
  readonly frequency: (typeof PAY_FREQUENCIES)[number];
  readonly firstPayDate: string;
  readonly startDate: string;
  readonly priorYearFicaWages: string;
  readonly withholdingPct: string;
  readonly match: string;
  readonly matchPeriod: "per-paycheck" | "annual-true-up" | "unknown";
  readonly nonelective: string;
  readonly afterTaxAllowed: Feature;
  readonly afterTaxCapKind: "none" | "percent" | "dollars";
  readonly afterTaxCap: string;
  readonly electionIncrement: (typeof ELECTION_INCREMENTS)[number];
  readonly separateBonusElection: boolean;
  readonly payrollStopsDeferralsAt402g: Feature;
  readonly payrollStopsAfterTaxAt415c: Feature;
  readonly roth: Feature;
  readonly inPlanRothConversion: Feature;
  readonly inServiceWithdrawal: Feature;
  readonly automaticConversion: Feature;
  readonly conversionCadence: (typeof CONVERSION_CADENCES)[number];
  readonly maxElectionPct: string;
  /** What percentage elections are taken from: pay within 401(a)(17) (usual) or all gross pay. */
  readonly percentElectionsApplyTo: (typeof PERCENT_ELECTION_BASES)[number];
  /**
   * The other employer this year (a job change, a second job), the file's first `otherEmployers` entry: none,
   * unrelated (a 415(c) limit of its own) or related (one 415(c) limit for both).
   */
  readonly otherEmployer: "none" | "unrelated" | "related";
  readonly otherEmployerName: string;
  /** Compensation there this year (its 100%-of-compensation limit). */
  readonly otherEmployerPay: string;
  readonly otherEmployerDeferrals: string;
  /** Employer and after-tax contributions there. */
  readonly otherEmployerAdditions: string;
  readonly goalDeferrals: string;
  readonly goalAfterTax: string;
  /** Bonuses as "DATE AMOUNT" lines, e.g. "2026-03-15 10,000". */
  readonly bonuses: string;
  /** Re-planning mid-year: paychecks already paid (empty: none) and what they held. */
  readonly ytdPaychecksPaid: string;
  readonly ytdGross: string;
  readonly ytdDeferrals: string;
  readonly ytdMatch: string;
  readonly ytdNonelective: string;
  readonly ytdAfterTax: string;
  /** Scenario parts without a field on the form, kept verbatim from an imported file. */
  readonly kept: {
    readonly paychecks?: unknown;
    readonly maxElectionChanges?: unknown;
    /** A file's `otherEmployers` entries after the first, and its older totals for other employers. */
    readonly otherEmployers?: unknown;
    readonly otherEmployerDeferrals?: unknown;
    readonly relatedEmployerAdditions?: unknown;
  };
}

export const SCENARIO_FORM_DEFAULTS: ScenarioForm = {
  year: "2026",
  ageAtYearEnd: "40",
  filingStatus: "single",
  payKind: "employee",
  netProfit: "",
  business: "sole-proprietorship",
  w2WagesElsewhere: "",
  salary: "200,000",
  frequency: "biweekly",
  firstPayDate: "",
  startDate: "",
  priorYearFicaWages: "",
  withholdingPct: "",
  match: "100%@3%,50%@2%",
  matchPeriod: "per-paycheck",
  nonelective: "0",
  afterTaxAllowed: "yes",
  afterTaxCapKind: "none",
  afterTaxCap: "",
  electionIncrement: "1%",
  separateBonusElection: false,
  payrollStopsDeferralsAt402g: "yes",
  payrollStopsAfterTaxAt415c: "no",
  roth: "yes",
  inPlanRothConversion: "yes",
  inServiceWithdrawal: "unknown",
  automaticConversion: "unknown",
  conversionCadence: "none",
  maxElectionPct: "",
  percentElectionsApplyTo: "capped-pay",
  otherEmployer: "none",
  otherEmployerName: "",
  otherEmployerPay: "",
  otherEmployerDeferrals: "",
  otherEmployerAdditions: "",
  goalDeferrals: "max",
  goalAfterTax: "max",
  bonuses: "",
  ytdPaychecksPaid: "",
  ytdGross: "",
  ytdDeferrals: "",
  ytdMatch: "",
  ytdNonelective: "",
  ytdAfterTax: "",
  kept: {},
};

export type FormField = Exclude<keyof ScenarioForm, "kept">;

/** With paychecks already paid, what they held is required (0 if none): a blank is never read as 0. */
export const YTD_REQUIRED: readonly FormField[] = [
  "ytdDeferrals",
  "ytdMatch",
  "ytdNonelective",
  "ytdAfterTax",
];

/** True when the form says paychecks of this year are already paid. */
export function ytdInUse(form: ScenarioForm): boolean {
  return /^\s*\d+\s*$/.test(form.ytdPaychecksPaid) && Number(form.ytdPaychecksPaid) > 0;
}
/** Where each scenario path is edited on the form, to put a core error next to its field. */
export const FIELD_OF_PATH: Readonly<Record<string, FormField>> = {
  year: "year",
  ageAtYearEnd: "ageAtYearEnd",
  filingStatus: "filingStatus",
  pay: "salary",
  "pay.salary": "salary",
  "pay.selfEmployed": "netProfit",
  "pay.selfEmployed.netProfit": "netProfit",
  "pay.selfEmployed.w2WagesElsewhere": "w2WagesElsewhere",
  "pay.frequency": "frequency",
  "pay.firstPayDate": "firstPayDate",
  "pay.startDate": "startDate",
  "pay.priorYearFicaWages": "priorYearFicaWages",
  "pay.withholdingPct": "withholdingPct",
  "plan.match": "match",
  "plan.nonelective": "nonelective",
  "plan.afterTax": "afterTaxCap",
  "plan.afterTax.capPct": "afterTaxCap",
  "plan.afterTax.capDollars": "afterTaxCap",
  "plan.maxElectionPct": "maxElectionPct",
  "plan.percentElectionsApplyTo": "percentElectionsApplyTo",
  "otherEmployers.name": "otherEmployerName",
  "otherEmployers.deferrals": "otherEmployerDeferrals",
  "otherEmployers.additions": "otherEmployerAdditions",
  "otherEmployers.compensation": "otherEmployerPay",
  "goal.deferrals": "goalDeferrals",
  "goal.afterTax": "goalAfterTax",
  "pay.bonuses": "bonuses",
  ytd: "ytdPaychecksPaid",
  "ytd.paychecksPaid": "ytdPaychecksPaid",
  "ytd.gross": "ytdGross",
  "ytd.deferrals": "ytdDeferrals",
  "ytd.match": "ytdMatch",
  "ytd.nonelective": "ytdNonelective",
  "ytd.afterTax": "ytdAfterTax",
};

/** The form field a scenario path is edited in: the path without list indexes, or its nearest parent. */
export function fieldOfPath(path: string): FormField | undefined {
  let key = path.replace(/\[\d+\]/g, "");
  for (;;) {
    const field = FIELD_OF_PATH[key];
    if (field || !key.includes(".")) return field;
    key = key.slice(0, key.lastIndexOf("."));
  }
}

export interface FormReading {
  /** The scenario as JSON (what an exported file holds), or null when a field cannot be read. */
  readonly json: Record<string, unknown> | null;
  readonly scenario: Scenario | null;
  readonly fieldErrors: Partial<Record<FormField, string>>;
  /** Errors the core found, with their scenario paths, as `megaroth plan` reports them. */
  readonly scenarioErrors: readonly ScenarioError[];
}

type Reader = { errors: Partial<Record<FormField, string>> };

function dollars(r: Reader, key: FormField, text: string): number | undefined {
  if (text.trim() === "") return undefined;
  try {
    const amount = parseDollars(text);
    if (amount < 0) {
      r.errors[key] = "must be 0 or more";
      return undefined;
    }
    return centsToDollars(amount);
  } catch {
    r.errors[key] = "a dollar amount, e.g. 24,500 or 1234.56";
    return undefined;
  }
}

function percent(r: Reader, key: FormField, text: string): number | undefined {
  if (text.trim() === "") return undefined;
  try {
    return parsePercent(text) / 100;
  } catch {
    r.errors[key] = "a percentage, at most 2 decimals";
    return undefined;
  }
}

function whole(r: Reader, key: FormField, text: string): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) {
    r.errors[key] = "a whole number";
    return undefined;
  }
  return Number(text);
}

/** The match as the scenario file writes it ({rate, upTo} in percent), read with the CLI's own `--match` parser. */
function matchTiers(r: Reader, text: string): { rate: number; upTo: number }[] {
  try {
    return parseMatchFormula(text).map((t) => ({
      rate: basisPointsToPercent(t.rateBp),
      upTo: basisPointsToPercent(t.upToBp),
    }));
  } catch (error) {
    r.errors.match = error instanceof MatchFormulaError ? error.message : "not a match formula";
    return [];
  }
}

function goal(r: Reader, key: FormField, text: string): "max" | number | undefined {
  return text.trim().toLowerCase() === "max" ? "max" : dollars(r, key, text);
}

/** "DATE AMOUNT", one per line or separated by semicolons → the file's `pay.bonuses`. */
function bonusList(r: Reader, text: string): { date: string; amount: number }[] | undefined {
  const entries = text
    .split(/[\n;]+/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (entries.length === 0) return undefined;
  const bonuses: { date: string; amount: number }[] = [];
  for (const entry of entries) {
    const m = /^(\d{4}-\d{2}-\d{2})\s*[: ]\s*(\S+)$/.exec(entry);
    const amount = m ? dollars(r, "bonuses", m[2]!) : undefined;
    if (!m || amount === undefined) {
      r.errors.bonuses = `"${entry}" is not DATE AMOUNT (e.g. 2026-03-15 10,000)`;
      return undefined;
    }
    bonuses.push({ date: m[1]!, amount });
  }
  return bonuses;
}

/** Drops undefined members so the JSON holds only what was given, as a hand-written file would. */
function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

export function readScenarioForm(form: ScenarioForm): FormReading {
  const r: Reader = { errors: {} };
  if (ytdInUse(form)) {
    for (const field of YTD_REQUIRED) {
      if (String(form[field]).trim() === "")
        r.errors[field] = "required once paychecks are paid: the amount so far, or 0";
    }
  }
  const kept = form.kept;
  const other = form.otherEmployer;
  const otherEntry =
    other === "none"
      ? undefined
      : defined({
          name: form.otherEmployerName.trim() || "Other employer",
          deferrals: dollars(r, "otherEmployerDeferrals", form.otherEmployerDeferrals) ?? 0,
          related: other === "related",
          additions: dollars(r, "otherEmployerAdditions", form.otherEmployerAdditions),
          compensation: dollars(r, "otherEmployerPay", form.otherEmployerPay),
        });
  const otherEmployers = [
    ...(otherEntry ? [otherEntry] : []),
    ...((kept.otherEmployers as unknown[] | undefined) ?? []),
  ];
  const afterTaxCap =
    form.afterTaxCapKind === "percent"
      ? { capPct: percent(r, "afterTaxCap", form.afterTaxCap) }
      : form.afterTaxCapKind === "dollars"
        ? { capDollars: dollars(r, "afterTaxCap", form.afterTaxCap) }
        : {};
  const goalJson = defined({
    deferrals: goal(r, "goalDeferrals", form.goalDeferrals),
    afterTax: goal(r, "goalAfterTax", form.goalAfterTax),
  });
  const owner = form.payKind === "self-employed";
  const json = defined({
    year: whole(r, "year", form.year),
    ageAtYearEnd: whole(r, "ageAtYearEnd", form.ageAtYearEnd),
    filingStatus: form.filingStatus === "" ? undefined : form.filingStatus,
    pay: owner
      ? {
          selfEmployed: defined({
            netProfit: dollars(r, "netProfit", form.netProfit),
            business: form.business,
            w2WagesElsewhere: dollars(r, "w2WagesElsewhere", form.w2WagesElsewhere),
          }),
        }
      : defined({
          salary: kept.paychecks === undefined ? dollars(r, "salary", form.salary) : undefined,
          frequency: kept.paychecks === undefined ? form.frequency : undefined,
          firstPayDate: form.firstPayDate.trim() || undefined,
          startDate: form.startDate.trim() || undefined,
          bonuses: bonusList(r, form.bonuses),
          paychecks: kept.paychecks,
          priorYearFicaWages: dollars(r, "priorYearFicaWages", form.priorYearFicaWages),
          withholdingPct: percent(r, "withholdingPct", form.withholdingPct),
        }),
    plan: defined({
      // An owner's employer money is the nonelective rate: no match formula, no payroll.
      match: owner ? undefined : matchTiers(r, form.match),
      matchPeriod: owner ? undefined : form.matchPeriod,
      nonelective: percent(r, "nonelective", form.nonelective),
      afterTax: defined({ allowed: form.afterTaxAllowed, ...afterTaxCap }),
      electionIncrement: form.electionIncrement,
      separateBonusElection: form.separateBonusElection,
      payrollStopsDeferralsAt402g: owner ? undefined : form.payrollStopsDeferralsAt402g,
      payrollStopsAfterTaxAt415c: owner ? undefined : form.payrollStopsAfterTaxAt415c,
      roth: form.roth,
      inPlanRothConversion: form.inPlanRothConversion,
      inServiceWithdrawal: form.inServiceWithdrawal,
      automaticConversion: form.automaticConversion,
      conversionCadence: form.conversionCadence,
      maxElectionPct: percent(r, "maxElectionPct", form.maxElectionPct),
      percentElectionsApplyTo: form.percentElectionsApplyTo,
      maxElectionChanges: kept.maxElectionChanges,
    }),
    ytd:
      owner || form.ytdPaychecksPaid.trim() === ""
        ? undefined
        : defined({
            paychecksPaid: whole(r, "ytdPaychecksPaid", form.ytdPaychecksPaid),
            gross: dollars(r, "ytdGross", form.ytdGross),
            deferrals: dollars(r, "ytdDeferrals", form.ytdDeferrals),
            match: dollars(r, "ytdMatch", form.ytdMatch),
            nonelective: dollars(r, "ytdNonelective", form.ytdNonelective),
            afterTax: dollars(r, "ytdAfterTax", form.ytdAfterTax),
          }),
    otherEmployerDeferrals: kept.otherEmployerDeferrals,
    relatedEmployerAdditions: kept.relatedEmployerAdditions,
    otherEmployers: otherEmployers.length > 0 ? otherEmployers : undefined,
    goal: Object.keys(goalJson).length > 0 ? goalJson : undefined,
  });
  if (Object.keys(r.errors).length > 0)
    return { json: null, scenario: null, fieldErrors: r.errors, scenarioErrors: [] };
  const parsed = parseScenario(json);
  if (!parsed.ok) {
    const fieldErrors: Partial<Record<FormField, string>> = {};
    for (const e of parsed.errors) {
      const field = fieldOfPath(e.path);
      // a bonus (one per line) is named by its line, never by its path in the file
      const entry = /^pay\.bonuses\[(\d+)\]/.exec(e.path);
      if (field && !fieldErrors[field])
        fieldErrors[field] = entry ? `line ${Number(entry[1]) + 1}: ${e.message}` : e.message;
    }
    return { json, scenario: null, fieldErrors, scenarioErrors: parsed.errors };
  }
  return { json, scenario: parsed.scenario, fieldErrors: {}, scenarioErrors: [] };
}

const text = (n: number | undefined): string => (n === undefined ? "" : String(n));
const money = (n: number | undefined): string =>
  n === undefined ? "" : n.toLocaleString("en-US", { maximumFractionDigits: 2 });

/** Fills the form from a validated scenario (an imported file), keeping what the form has no field for. */
export function scenarioToForm(s: Scenario): ScenarioForm {
  const cap = s.plan.afterTax;
  const first = s.otherEmployers?.[0];
  const goalText = (g: "max" | number | undefined) => (g === undefined ? "" : g === "max" ? "max" : money(g));
  return {
    year: String(s.year),
    ageAtYearEnd: String(s.ageAtYearEnd),
    filingStatus: s.filingStatus ?? "",
    payKind: s.pay.selfEmployed ? "self-employed" : "employee",
    netProfit: money(s.pay.selfEmployed?.netProfit),
    business: s.pay.selfEmployed?.business ?? "sole-proprietorship",
    w2WagesElsewhere: money(s.pay.selfEmployed?.w2WagesElsewhere),
    salary: s.pay.selfEmployed ? SCENARIO_FORM_DEFAULTS.salary : money(s.pay.salary),
    frequency: s.pay.frequency ?? SCENARIO_FORM_DEFAULTS.frequency,
    firstPayDate: s.pay.firstPayDate ?? "",
    startDate: s.pay.startDate ?? "",
    priorYearFicaWages: s.pay.priorYearFicaWages == null ? "" : money(s.pay.priorYearFicaWages),
    withholdingPct: text(s.pay.withholdingPct),
    match: formatMatchFormula(
      (s.plan.match ?? []).map((t) => ({
        rateBp: percentToBasisPoints(t.rate),
        upToBp: percentToBasisPoints(t.upTo),
      })),
    ),
    matchPeriod: s.plan.matchPeriod ?? "unknown",
    nonelective: text(s.plan.nonelective),
    afterTaxAllowed: cap.allowed,
    afterTaxCapKind: cap.capPct !== undefined ? "percent" : cap.capDollars !== undefined ? "dollars" : "none",
    afterTaxCap: cap.capPct !== undefined ? String(cap.capPct) : money(cap.capDollars),
    electionIncrement: s.plan.electionIncrement ?? SCENARIO_FORM_DEFAULTS.electionIncrement,
    separateBonusElection: s.plan.separateBonusElection ?? false,
    payrollStopsDeferralsAt402g: s.plan.payrollStopsDeferralsAt402g ?? "unknown",
    payrollStopsAfterTaxAt415c: s.plan.payrollStopsAfterTaxAt415c ?? "unknown",
    roth: s.plan.roth ?? "unknown",
    inPlanRothConversion: s.plan.inPlanRothConversion ?? "unknown",
    inServiceWithdrawal: s.plan.inServiceWithdrawal ?? "unknown",
    automaticConversion: s.plan.automaticConversion ?? "unknown",
    conversionCadence: s.plan.conversionCadence ?? "none",
    maxElectionPct: text(s.plan.maxElectionPct),
    percentElectionsApplyTo: s.plan.percentElectionsApplyTo ?? "capped-pay",
    otherEmployer: first === undefined ? "none" : first.related ? "related" : "unrelated",
    otherEmployerName: first?.name ?? "",
    otherEmployerPay: money(first?.compensation),
    otherEmployerDeferrals: money(first?.deferrals),
    otherEmployerAdditions: money(first?.additions),
    goalDeferrals: goalText(s.goal?.deferrals),
    goalAfterTax: goalText(s.goal?.afterTax),
    bonuses: (s.pay.bonuses ?? []).map((b) => `${b.date} ${money(b.amount)}`).join("\n"),
    ytdPaychecksPaid: s.ytd ? String(s.ytd.paychecksPaid) : "",
    ytdGross: money(s.ytd?.gross),
    ytdDeferrals: money(s.ytd?.deferrals),
    ytdMatch: money(s.ytd?.match),
    ytdNonelective: money(s.ytd?.nonelective),
    ytdAfterTax: money(s.ytd?.afterTax),
    kept: defined({
      paychecks: s.pay.paychecks,
      maxElectionChanges: s.plan.maxElectionChanges,
      otherEmployers: (s.otherEmployers?.length ?? 0) > 1 ? s.otherEmployers?.slice(1) : undefined,
      otherEmployerDeferrals: s.otherEmployerDeferrals,
      relatedEmployerAdditions: s.relatedEmployerAdditions,
    }),
  };
}
