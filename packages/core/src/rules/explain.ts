import type { Cents } from "./money/cents.js";

/** One line of a computation's "why": what was computed, its amount (if money) and the rule it follows. */
export interface Step {
  readonly label: string;
  readonly amount: Cents | null;
  readonly citation: string;
}

/** Something the user must know about a result; `code` is stable for scripts, `message` is for people. */
export interface Warning {
  readonly code: string;
  readonly message: string;
}

export function step(label: string, amount: Cents | null, citation: string): Step {
  return { label, amount, citation };
}
