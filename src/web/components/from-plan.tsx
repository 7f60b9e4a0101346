import { formatUsd } from "@megaroth/core/typed";
import type { PlanSituation } from "../situation.js";

/** The hint of a field whose value comes from the planner: says so, with the field's own hint after it. */
export function fromPlanHint(fromPlan: boolean, hint?: string): string | undefined {
  if (!fromPlan) return hint;
  return hint ? `From your plan. ${hint}` : "From your plan";
}

/** "Label — message" for each field error, the planner's "Fix these to see …" wording. */
export function summaryOf<K extends string>(
  errors: Partial<Record<K, string>>,
  labels: Partial<Record<K, string>>,
): string[] {
  return Object.entries(errors).map(([field, message]) => `${labels[field as K] ?? field} — ${message}`);
}

/** Says the page opened on the planner's situation, how many fields override it, and offers to follow it again. */
export function FromPlanNotice(props: {
  situation: PlanSituation | null;
  overridden: number;
  onUsePlan: () => void;
}) {
  const { situation } = props;
  if (!situation) {
    return (
      <p class="notice" data-testid="from-plan">
        The planner's scenario has an error, so this page starts from its own example values.{" "}
        <a href="#/planner">Fix the plan</a> to start from your situation.
      </p>
    );
  }
  const { scenario, plan } = situation;
  return (
    <p class="notice" data-testid="from-plan">
      Opened on {situation.typed ? "your plan" : "the planner's example plan"}: {scenario.year}, age{" "}
      {scenario.ageAtYearEnd}, {formatUsd(plan.afterTaxTotal)} of after-tax contributions. Fields marked "From
      your plan" follow it; a field you change here overrides only that field
      {props.overridden > 0 ? ` (${props.overridden} changed here)` : ""}.{" "}
      {props.overridden > 0 && (
        <button type="button" class="secondary" onClick={props.onUsePlan}>
          Use the plan's values again
        </button>
      )}
    </p>
  );
}
