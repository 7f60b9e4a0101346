import type { EqualBudgetAssumptions, MonteCarloOptions } from "@megaroth/core/typed";
import { simulateMonteCarlo } from "@megaroth/core/typed";

/** Runs the Monte Carlo off the page's thread, so typing never waits for it. */
export interface MonteCarloRequest {
  readonly id: number;
  readonly assumptions: EqualBudgetAssumptions;
  readonly options: MonteCarloOptions;
}

addEventListener("message", (event: MessageEvent<MonteCarloRequest>) => {
  const { id, assumptions, options } = event.data;
  try {
    postMessage({ id, result: simulateMonteCarlo(assumptions, options) });
  } catch (error) {
    postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
