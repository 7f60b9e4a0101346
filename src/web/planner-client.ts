import type { PaycheckPlan, Scenario, SuppliedFigure, SuppliedFigureBook } from "@megaroth/core/typed";
import { useEffect, useRef, useState } from "preact/hooks";
import type { PlannerRequest } from "./planner.worker.js";

/**
 * The step budget of the first answer on each edit: small enough to keep typing fast (a few tenths of a
 * millisecond of two-change search), large enough that most scenarios finish within it, in which case the first
 * answer is the planner's answer (a search within a smaller budget runs exactly as within the full one).
 */
export const FIRST_ANSWER_STEPS = 10_000;

export type RefinedPlan =
  | { readonly plan: PaycheckPlan; readonly supplied: readonly SuppliedFigure[]; readonly error: null }
  | { readonly plan: null; readonly error: string };

function newWorker(): Worker {
  return new Worker(new URL("./planner.worker.ts", import.meta.url), { type: "module" });
}

/**
 * The planner's full answer for `scenario`, computed in a web worker, when `needed` (the first answer was
 * provisional); null until it arrives, and null for any other scenario than the one on screen. An edit while
 * the worker is busy replaces the worker, so the answer shown always belongs to the inputs shown.
 */
export function useRefinedPlan(
  scenario: Scenario | null,
  book: SuppliedFigureBook | null,
  needed: boolean,
): RefinedPlan | null {
  const [state, setState] = useState<{
    scenario: Scenario;
    book: SuppliedFigureBook | null;
    result: RefinedPlan;
  } | null>(null);
  const worker = useRef<Worker | null>(null);
  const busy = useRef(false);
  const nextId = useRef(0);

  useEffect(() => () => worker.current?.terminate(), []);

  useEffect(() => {
    if (!scenario || !needed) return;
    if (busy.current && worker.current) {
      worker.current.terminate();
      worker.current = null;
    }
    worker.current ??= newWorker();
    const id = ++nextId.current;
    busy.current = true;
    worker.current.onmessage = (
      event: MessageEvent<{ id: number; plan?: PaycheckPlan; supplied?: SuppliedFigure[]; error?: string }>,
    ) => {
      if (event.data.id !== id) return;
      busy.current = false;
      setState({
        scenario,
        book,
        result: event.data.plan
          ? { plan: event.data.plan, supplied: event.data.supplied ?? [], error: null }
          : { plan: null, error: event.data.error ?? "the planner failed" },
      });
    };
    worker.current.postMessage({ id, scenario, book } satisfies PlannerRequest);
  }, [scenario, book, needed]);

  return state !== null && needed && state.scenario === scenario && state.book === book ? state.result : null;
}
