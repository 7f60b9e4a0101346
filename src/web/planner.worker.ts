import type { Scenario, SuppliedFigureBook } from "@megaroth/core/typed";
import { planPaychecks, withSuppliedFigures } from "@megaroth/core/typed";
import { computeErrorMessage } from "./compute-error.js";

/**
 * The planner's full answer, off the page's thread: the page shows a first answer computed with a small
 * search budget at once, and where that answer is provisional (a two-change search needed more), this
 * worker computes the plan exactly as `megaroth plan` does and the page replaces the first answer with it.
 */
export interface PlannerRequest {
  readonly id: number;
  readonly scenario: Scenario;
  /** The IRS figures the user added for a year not on file, as the page plans with them. */
  readonly book: SuppliedFigureBook | null;
}

addEventListener("message", (event: MessageEvent<PlannerRequest>) => {
  const { id, scenario, book } = event.data;
  try {
    const { result, supplied } = withSuppliedFigures(book, () => planPaychecks(scenario));
    postMessage({ id, plan: result, supplied });
  } catch (error) {
    postMessage({ id, error: computeErrorMessage(error) });
  }
});
