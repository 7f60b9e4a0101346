import { readFileSync } from "node:fs";
import { type LedgerEvent, validateEvent } from "../../packages/core/src/rules/ledger/events.js";
import { dollarsToCents } from "../../packages/core/src/rules/money/cents.js";

/** Builds a validated event from a literal with amounts in dollars (keys as the event type names them). */
export function ev(input: Record<string, unknown>): LedgerEvent {
  const converted: Record<string, unknown> = { ...input };
  for (const key of ["amount", "basis", "earnings", "taxable"]) {
    if (typeof input[key] === "number") converted[key] = dollarsToCents(input[key] as number);
  }
  if (Array.isArray(input.destinations)) {
    converted.destinations = (input.destinations as { account: string; amount: number }[]).map((d) => ({
      account: d.account,
      amount: dollarsToCents(d.amount),
    }));
  }
  const checked = validateEvent(converted);
  if (!checked.event)
    throw new Error(`bad test event ${JSON.stringify(input)}: ${JSON.stringify(checked.issues)}`);
  return checked.event;
}

export const open = (account: string, kind: string, date = "2020-01-01") =>
  ev({ type: "open", date, account, kind });

interface GoldenCase {
  id: string;
  inputs: Record<string, unknown>;
  expected: Record<string, unknown>;
}

export function goldenCase(id: string): GoldenCase {
  const cases = JSON.parse(readFileSync("/work/shared/reference/golden/cases.json", "utf8")) as GoldenCase[];
  const found = cases.find((c) => c.id === id);
  if (!found) throw new Error(`golden case ${id} not found`);
  return found;
}

export const usd = (dollars: unknown) => dollarsToCents(dollars as number);
