import type { Election } from "../rules/paycheck-plan/payroll.js";
import { type PaycheckPlan, planPaychecks as planRule } from "../rules/paycheck-plan/plan.js";
import { parseScenario, type Scenario, scenarioJsonSchema } from "../rules/scenario.js";
import { type Checked, InputError, type Shape, STEPS, toChecked } from "./check.js";
import { isMoney, type Money } from "./money.js";
import { ROOM_SHAPE } from "./room.js";

/**
 * A scenario as {@link planPaychecks} takes it: the scenario file's fields (`megaroth schema` prints its JSON
 * Schema; `examples/*.yaml`), where a money field is a {@link Money} — or, exactly as in the file, a number of
 * dollars. Percentages are numbers of percent (6 = 6%), as in the file.
 */
export type ScenarioArgs = WithMoney<Scenario>;

type WithMoney<T> = T extends number
  ? T | Money
  : T extends readonly (infer U)[]
    ? readonly WithMoney<U>[]
    : T extends object
      ? { readonly [K in keyof T]: WithMoney<T[K]> }
      : T;

const ELECTION = { amount: "money" } as const satisfies Shape<Election>;
const ROWS = { deferral: ELECTION, afterTax: ELECTION } as const;

const PERIOD = {
  gross: "money",
  deferrals: "money",
  catchUp: "money",
  afterTax: "money",
  match: "money",
  nonelective: "money",
} as const;

const PLAN: Shape<PaycheckPlan> = {
  totals: { yearToDate: PERIOD, restOfYear: PERIOD, year: PERIOD },
  elections: ROWS,
  bonusElection: ROWS,
  paychecks: {
    gross: "money",
    eligiblePay: "money",
    deferral: "money",
    catchUp: "money",
    excessDeferral: "money",
    match: "money",
    nonelective: "money",
    afterTax: "money",
    converts: "money",
    fica: "money",
    netPay: "money",
    ytdDeferral: "money",
    ytdCatchUp: "money",
    ytdAfterTax: "money",
    ytdAnnualAdditions: "money",
  },
  afterTaxRoom: "money",
  afterTaxRoom415: "money",
  afterTaxTarget: "money",
  afterTaxTotal: "money",
  afterTaxYtd: "money",
  shortfall: "money",
  nextBetter: { elections: ROWS, overshoot: "money" },
  flatBaseline: { afterTax: ELECTION, afterTaxTotal: "money" },
  deferralTarget: "money",
  deferralTotal: "money",
  catchUpTotal: "money",
  employerMatch: "money",
  matchTrueUp: "money",
  matchLost: "money",
  nonelective: "money",
  annualAdditions: "money",
  annualAdditionsLimit: "money",
  electiveDeferralLimit: "money",
  catchUpLimit: "money",
  convertedTotal: "money",
  room: ROOM_SHAPE,
  steps: STEPS,
};

/** What {@link planPaychecks} returns: the elections, every paycheck, the totals against each limit. */
export type PaycheckPlanReport = Checked<PaycheckPlan>;

/** Money values in a scenario become the file's dollar numbers; the file's own checks then run on all of it. */
function toFile(value: unknown): unknown {
  if (isMoney(value)) return value.dollars;
  if (Array.isArray(value)) return value.map(toFile);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toFile(v)]));
  return value;
}

/**
 * The paycheck plan of a scenario (as `megaroth plan`): eligibility, the deferral and after-tax elections that
 * put the most in without exceeding 402(g), catch-up, the plan's caps or 415(c) at any paycheck, and each
 * paycheck. Throws an InputError listing every problem with its path (`plan.match[1].upTo: must be 0–100%`).
 */
export function planPaychecks(scenario: ScenarioArgs): PaycheckPlanReport {
  const parsed = parseScenario(toFile(scenario));
  if (!parsed.ok) throw new InputError("planPaychecks", parsed.errors);
  return toChecked(planRule(parsed.scenario), PLAN);
}

/** The JSON Schema of a scenario file (`megaroth schema`). */
export { scenarioJsonSchema };
