import {
  type AfterTaxContribution,
  type Cents,
  centsToDollars,
  type PaycheckPlan,
  planPaychecks,
  type Scenario,
} from "@megaroth/core/typed";
import { useState } from "preact/hooks";
import type { CompareForm } from "./compare-form.js";
import type { ConversionsForm } from "./conversions-form.js";
import { fromBase64Url, parseRoute } from "./route.js";
import { readScenarioForm, SCENARIO_FORM_DEFAULTS, type ScenarioForm } from "./scenario-form.js";
import { readUrlState, scheduleUrlWrite } from "./url-state.js";

/**
 * One situation for every page: the planner's scenario (in the URL under `scenario`, or the planner's example
 * when none was typed) gives Conversions and Compare their starting values. A field typed on those pages is kept
 * in the URL as an override of that field only; every other field follows the plan.
 */
export interface PlanSituation {
  readonly scenario: Scenario;
  readonly plan: PaycheckPlan;
  /** The after-tax money the plan schedules, paycheck by paycheck (only paychecks that carry some). */
  readonly contributions: readonly AfterTaxContribution[];
  /** True when the planner's form was changed (the URL holds a scenario), false for the planner's example. */
  readonly typed: boolean;
}

export function readPlanSituation(): PlanSituation | null {
  const typed = parseRoute(location.hash).params.has("scenario");
  const form = readUrlState<ScenarioForm>("scenario", SCENARIO_FORM_DEFAULTS);
  const reading = readScenarioForm(form);
  if (!reading.scenario) return null;
  try {
    const plan = planPaychecks(reading.scenario);
    const contributions = plan.paychecks
      .filter((p) => p.afterTax > 0)
      .map((p) => ({ date: p.date, amount: p.afterTax }));
    return { scenario: reading.scenario, plan, contributions, typed };
  } catch {
    return null;
  }
}

const money = (amount: Cents) => centsToDollars(amount).toLocaleString("en-US", { maximumFractionDigits: 2 });

/** Conversions' fields the plan decides: year, filing status, the after-tax money and its pay dates, the route. */
export function conversionsFromPlan(s: PlanSituation): Partial<ConversionsForm> {
  const { scenario, plan } = s;
  const p = scenario.plan;
  const cadence = p.conversionCadence === "annually" ? "yearly" : p.conversionCadence;
  return {
    year: String(scenario.year),
    ...(scenario.filingStatus ? { filingStatus: scenario.filingStatus } : {}),
    afterTax: money(plan.afterTaxTotal),
    ...(scenario.pay.frequency ? { payFrequency: scenario.pay.frequency } : {}),
    ...(cadence && cadence !== "none" ? { cadence } : {}),
    ...(p.inPlanRothConversion === "yes"
      ? { route: "in-plan-roth" as const }
      : p.inServiceWithdrawal === "yes"
        ? { route: "roth-ira" as const }
        : {}),
  };
}

/** Compare's fields the plan decides: year, age, and what the plan offers. */
export function compareFromPlan(s: PlanSituation): Partial<CompareForm> {
  const { scenario } = s;
  const p = scenario.plan;
  return {
    year: String(scenario.year),
    age: String(scenario.ageAtYearEnd),
    roth: p.roth ?? "unknown",
    afterTax: p.afterTax.allowed,
    inPlanRothConversion: p.inPlanRothConversion ?? "unknown",
    inServiceWithdrawal: p.inServiceWithdrawal ?? "unknown",
    automaticConversion: p.automaticConversion ?? "unknown",
  };
}

/**
 * A page's form over a base: the URL keeps only the fields typed on this page (overrides); the others come from
 * `base`. Returns the form, its setter, which fields are overridden, and a way to drop every override.
 */
export function useOverrides<T extends object>(
  name: string,
  base: T,
): [T, (next: T) => void, ReadonlySet<keyof T>, () => void] {
  const [overrides, setState] = useState<Partial<T>>(() => readOverrides(name, base));
  const setOverrides = (next: Partial<T>) => {
    setState(next);
    scheduleUrlWrite(name, next);
  };
  const form = { ...base, ...overrides } as T;
  const set = (next: T) => {
    const diff: Partial<T> = {};
    for (const key of Object.keys(base) as (keyof T)[]) {
      if (next[key] !== base[key]) diff[key] = next[key];
    }
    setOverrides(diff);
  };
  return [form, set, new Set(Object.keys(overrides) as (keyof T)[]), () => setOverrides({})];
}

/** The overrides stored in the URL: keys of `base` whose stored value has the same type. */
function readOverrides<T extends object>(name: string, base: T): Partial<T> {
  const encoded = parseRoute(location.hash).params.get(name);
  if (!encoded) return {};
  try {
    const stored = JSON.parse(fromBase64Url(encoded)) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(base)) {
      if (key in stored && typeof stored[key] === typeof value) out[key] = stored[key];
    }
    return out as Partial<T>;
  } catch {
    return {};
  }
}
