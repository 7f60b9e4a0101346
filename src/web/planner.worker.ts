import type { Scenario } from "@megaroth/core/typed";
import { planPaychecks } from "@megaroth/core/typed";
import { computeErrorMessage } from "./compute-error.js";

/**
 * The planner's full answer, off the page's thread: the page shows a first answer computed with a small
 * search budget at once, and where that answer is provisional (a two-change search needed more), this
 * worker computes the plan exactly as `megaroth plan` does and the page replaces the first answer with it.
 */
export interface PlannerRequest {
  readonly id: number;
  readonly scenario: Scenario;
}

addEventListener("message", (event: MessageEvent<PlannerRequest>) => {
  const { id, scenario } = event.data;
  try {
    postMessage({ id, plan: planPaychecks(scenario) });
  } catch (error) {
    postMessage({ id, error: computeErrorMessage(error) });
  }
});
