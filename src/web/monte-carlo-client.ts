import type { EqualBudgetAssumptions, MonteCarloOptions, MonteCarloResult } from "@megaroth/core/typed";
import { useEffect, useRef, useState } from "preact/hooks";
import type { MonteCarloRequest } from "./monte-carlo.worker.js";

export type MonteCarloState =
  | { readonly status: "idle" }
  /** A run in progress, with the last finished result (for other inputs) to show dimmed meanwhile. */
  | {
      readonly status: "running";
      readonly previous: { readonly result: MonteCarloResult; readonly millis: number } | null;
    }
  | { readonly status: "done"; readonly result: MonteCarloResult; readonly millis: number }
  | { readonly status: "error"; readonly message: string };

const DEBOUNCE_MS = 150;

function newWorker(): Worker {
  return new Worker(new URL("./monte-carlo.worker.ts", import.meta.url), { type: "module" });
}

/**
 * The Monte Carlo for the current inputs, computed in a web worker. A change while a run is in progress
 * ends that run (the worker is replaced), so the result on screen always belongs to the inputs on screen: while
 * a new run is going, the last result stays in place (marked as out of date) so the layout does not jump; when
 * the inputs become invalid, nothing is kept.
 */
export function useMonteCarlo(
  assumptions: EqualBudgetAssumptions | null,
  options: MonteCarloOptions | null,
): MonteCarloState {
  const [state, setState] = useState<MonteCarloState>({ status: "idle" });
  const worker = useRef<Worker | null>(null);
  const busy = useRef(false);
  const nextId = useRef(0);
  const key = JSON.stringify([assumptions, options]);

  useEffect(() => () => worker.current?.terminate(), []);

  useEffect(() => {
    // a run still in flight belongs to the inputs before this change: its answer is dropped
    nextId.current++;
    if (!assumptions || !options) {
      setState({ status: "idle" });
      return;
    }
    setState((before) => ({
      status: "running",
      previous:
        before.status === "done"
          ? { result: before.result, millis: before.millis }
          : before.status === "running"
            ? before.previous
            : null,
    }));
    const timer = setTimeout(() => {
      if (busy.current && worker.current) {
        worker.current.terminate();
        worker.current = null;
      }
      worker.current ??= newWorker();
      const id = ++nextId.current;
      const started = performance.now();
      busy.current = true;
      worker.current.onmessage = (
        event: MessageEvent<{ id: number; result?: MonteCarloResult; error?: string }>,
      ) => {
        if (event.data.id !== id) return;
        busy.current = false;
        setState(
          event.data.result
            ? { status: "done", result: event.data.result, millis: performance.now() - started }
            : { status: "error", message: event.data.error ?? "Monte Carlo failed" },
        );
      };
      worker.current.postMessage({ id, assumptions, options } satisfies MonteCarloRequest);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return state;
}
