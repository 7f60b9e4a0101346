import type { EqualBudgetAssumptions, MonteCarloOptions, MonteCarloResult } from "@megaroth/core/typed";
import { useEffect, useRef, useState } from "preact/hooks";
import type { MonteCarloRequest } from "./monte-carlo.worker.js";

export type MonteCarloState =
  | { readonly status: "idle" | "running" }
  | { readonly status: "done"; readonly result: MonteCarloResult; readonly millis: number }
  | { readonly status: "error"; readonly message: string };

const DEBOUNCE_MS = 150;

function newWorker(): Worker {
  return new Worker(new URL("./monte-carlo.worker.ts", import.meta.url), { type: "module" });
}

/**
 * The Monte Carlo for the current inputs, computed in a web worker. A change while a run is in progress
 * ends that run (the worker is replaced), so the result on screen always belongs to the inputs on screen.
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
    if (!assumptions || !options) {
      setState({ status: "idle" });
      return;
    }
    const timer = setTimeout(() => {
      if (busy.current && worker.current) {
        worker.current.terminate();
        worker.current = null;
      }
      worker.current ??= newWorker();
      const id = ++nextId.current;
      const started = performance.now();
      busy.current = true;
      setState({ status: "running" });
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
