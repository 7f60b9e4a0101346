import { citeFigure, figure, UnsupportedYearError } from "../../data/figures.js";
import type { Warning } from "../explain.js";
import { type Cents, cents, formatUsd, wholeDollars } from "../money/cents.js";
import type { AccountKind } from "./events.js";

/**
 * The ledger's check of old (and current) records against their own year's 415(c) limit. The ledger does not
 * hold compensation or deferrals, so it can only catch what is impossible on its face: one plan account's
 * after-tax contributions in a year above that year's dollar limit — they are annual additions by themselves
 * (IRC §415(c)(2)(B)), and one plan's annual additions can never exceed the limit.
 */

/** Plan accounts whose after-tax contributions are annual additions (after-tax and designated Roth). */
export const ANNUAL_ADDITION_KINDS: readonly AccountKind[] = ["401k-after-tax", "roth-401k"];

/** The codes of this check's warnings. */
export const ANNUAL_ADDITIONS_WARNINGS: readonly string[] = [
  "after-tax-over-415c",
  "annual-additions-not-checked",
];

export interface AfterTaxYearTotal {
  readonly account: string;
  readonly year: number;
  readonly total: Cents;
}

/** Sums after-tax contributions by account and calendar year (the limitation year the ledger assumes). */
export class AfterTaxTotals {
  private readonly totals = new Map<string, AfterTaxYearTotal>();

  add(account: string, year: number, amount: Cents): void {
    const key = `${account}\u0000${year}`;
    const total = this.totals.get(key)?.total ?? 0;
    this.totals.set(key, { account, year, total: cents(total + amount) });
  }

  values(): AfterTaxYearTotal[] {
    return [...this.totals.values()].sort((a, b) => a.year - b.year || a.account.localeCompare(b.account));
  }
}

/**
 * A warning for each account-year whose after-tax contributions alone exceed that year's 415(c) dollar
 * limit; a year with no limit on file (before 2002, or not yet published) gets a warning that it was not
 * checked, never a guessed limit.
 */
// IRC §415(c)(1)(A), §415(c)(2)(B)
export function annualAdditionsWarnings(
  totals: readonly AfterTaxYearTotal[],
): { year: number; warning: Warning }[] {
  const out: { year: number; warning: Warning }[] = [];
  for (const t of totals) {
    let limit: Cents;
    try {
      limit = wholeDollars(figure("annualAdditionsLimit", t.year));
    } catch (error) {
      if (!(error instanceof UnsupportedYearError)) throw error;
      out.push({
        year: t.year,
        warning: {
          code: "annual-additions-not-checked",
          message: `${t.account}: after-tax contributions of ${formatUsd(t.total)} in ${t.year} were not checked against 415(c): no 415(c) limit on file for ${t.year}`,
        },
      });
      continue;
    }
    if (t.total <= limit) continue;
    out.push({
      year: t.year,
      warning: {
        code: "after-tax-over-415c",
        message: `${t.account}: after-tax contributions in ${t.year} total ${formatUsd(t.total)}, more than ${t.year}'s 415(c) limit of ${formatUsd(limit)} (by ${formatUsd(cents(t.total - limit))}): they could not all have been within 415(c) — an event is recorded twice or in the wrong year, or the excess had to be corrected (${citeFigure("annualAdditionsLimit", t.year)}; IRC §415(c)(2)(B))`,
      },
    });
  }
  return out;
}
