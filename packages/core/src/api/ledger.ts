import * as v from "valibot";
import { FORM_8606_LINES, type Form8606MoneyLine } from "../rules/form-8606.js";
import { type LedgerEvent, validateEvent } from "../rules/ledger/events.js";
import { type AccountState, foldLedger, type LedgerState } from "../rules/ledger/fold.js";
import { type Finding, reconcile } from "../rules/ledger/reconcile.js";
import { type YearReport, yearReport } from "../rules/ledger/report.js";
import {
  type Checked,
  checkInput,
  date,
  InputError,
  type InputIssue,
  input,
  type Shape,
  STEPS,
  toChecked,
  year,
} from "./check.js";
import { describeValue, fromCents, isMoney, type Money } from "./money.js";

/**
 * A ledger event as the checked API takes it: the fields of the ledger CSV's columns in camelCase
 * (docs/ledger-csv.md), with `amount`, `basis`, `earnings`, `taxable` and each destination's `amount` as
 * {@link Money}. E.g. `{ type: "after-tax-contribution", date: "2025-01-31", account: "acme-after-tax",
 * amount: dollars(1500) }`.
 */
export type LedgerEventArgs = {
  readonly [K in LedgerEvent["type"]]: WithMoney<Extract<LedgerEvent, { type: K }>>;
}[LedgerEvent["type"]];

type WithMoney<T> = {
  readonly [K in keyof T]: K extends "amount" | "basis" | "earnings" | "taxable"
    ? null extends T[K]
      ? Money | null
      : Money
    : K extends "destinations"
      ? readonly { readonly account: string; readonly amount: Money }[]
      : T[K];
};

const MONEY_FIELDS = ["amount", "basis", "earnings", "taxable"] as const;

/** Money → cents in one event, and validation by the ledger's own schema; problems named `events[i].field`. */
function toEvents(fn: string, events: unknown): LedgerEvent[] {
  if (!Array.isArray(events))
    throw new InputError(fn, [
      { path: "events", message: `expected an array of events, got ${describeValue(events)}` },
    ]);
  const issues: InputIssue[] = [];
  const out: LedgerEvent[] = [];
  events.forEach((raw, i) => {
    const at = `events[${i}]`;
    if (typeof raw !== "object" || raw === null) {
      issues.push({ path: at, message: `expected an event object, got ${describeValue(raw)}` });
      return;
    }
    const e: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    let ok = true;
    for (const key of MONEY_FIELDS) {
      if (!(key in e) || e[key] === null) continue;
      const value = e[key];
      if (isMoney(value)) e[key] = value.cents;
      else {
        issues.push({
          path: `${at}.${key}`,
          message: `expected dollars(…) or cents(…), got ${describeValue(value)}`,
        });
        ok = false;
      }
    }
    if (Array.isArray(e.destinations)) {
      e.destinations = e.destinations.map((d: unknown, j: number) => {
        const dest = d as { amount?: unknown };
        if (typeof d === "object" && d !== null && isMoney(dest.amount))
          return { ...dest, amount: dest.amount.cents };
        issues.push({
          path: `${at}.destinations[${j}].amount`,
          message: `expected dollars(…) or cents(…), got ${describeValue(dest?.amount)}`,
        });
        ok = false;
        return d;
      });
    }
    if (!ok) return;
    const checked = validateEvent(e);
    if (checked.event) out.push(checked.event);
    else
      for (const issue of checked.issues)
        issues.push({ path: issue.field ? `${at}.${issue.field}` : at, message: issue.message });
  });
  if (issues.length > 0) throw new InputError(fn, issues);
  return out;
}

const LINES = Object.fromEntries(
  FORM_8606_LINES.filter((l): l is Form8606MoneyLine => l !== "10").map((l) => [l, "money"]),
) as Record<Form8606MoneyLine, "money">;
const FORM_INPUT = {
  nondeductibleContributions: "money",
  priorBasis: "money",
  contributionsMadeNextYear: "money",
  yearEndValue: "money",
  outstandingRollovers: "money",
  distributions: "money",
  converted: "money",
  deductibleContributions: "money",
  basisInConversionWithoutPartI: "money",
  rothDistribution: {
    nonqualifiedDistributions: "money",
    firstTimeHomebuyerExpenses: "money",
    regularContributionBasis: "money",
    conversionAndRolloverBasis: "money",
  },
} as const;
const FORM_8606 = {
  lines: LINES,
  worksheet11: {
    w1: "money",
    w2: "money",
    w3: "money",
    w4: "money",
    w5: "money",
    w6: "money",
    w8Nontaxable: "money",
    w9Taxable: "money",
  },
  taxableAmount: "money",
  basisCarriedForward: "money",
  steps: STEPS,
  input: FORM_INPUT,
} as const;
const FINDING: Shape<Finding> = { ledger: "money", document: "money" };
const EXPECTED_1099R = { box1: "money", box2a: "money", box5: "money" } as const;

const REPORT: Shape<YearReport> = {
  accounts: {
    contributions: "money",
    employerContributions: "money",
    movedOut: "money",
    movedIn: "money",
    distributions: "money",
    taxable: "money",
    balance: "money",
    basis: "money",
    earnings: "money",
  },
  form8606: FORM_8606,
  rothIra: {
    distributions: "money",
    contributionBasis: "money",
    fromContributions: "money",
    fromConversions: { amount: "money", taxable: "money", nontaxable: "money" },
    earnings: "money",
    exposedToAdditionalTax: "money",
    contributionBasisLeft: "money",
    steps: STEPS,
  },
  expected1099Rs: EXPECTED_1099R,
  openClocks: { taxable: "money" },
  findings: FINDING,
  steps: STEPS,
};

type AccountSummary = Pick<
  AccountState,
  "id" | "kind" | "opened" | "balance" | "basis" | "earnings" | "regularBasis" | "firstRothYear"
>;
const ACCOUNT: Shape<AccountSummary> = {
  balance: "money",
  basis: "money",
  earnings: "money",
  regularBasis: "money",
};

/** The ledger folded to a date: each account, the basis carried forward, what reconciliation finds. */
export interface LedgerSummary {
  readonly asOf: string | null;
  readonly accounts: readonly Checked<AccountSummary>[];
  /** Traditional-IRA basis carried forward (the latest closed year's Form 8606 line 14). */
  readonly carryForwardBasis: Money;
  /** Where the ledger disagrees with a statement, a 1099-R or a filed Form 8606 (`level` "mismatch" or "note"). */
  readonly findings: readonly Checked<Finding>[];
  /** Events the ledger refused (unknown account, more than the balance…): `index` is the event's position. */
  readonly problems: LedgerState["problems"];
  readonly warnings: LedgerState["warnings"];
}

const FoldArgs = input({ asOf: v.optional(date) });

/**
 * Folds ledger events (any order; sorted by date, ties in the given order) into balances, basis, earnings and
 * the Form 8606 carry-forward, and reconciles them with the recorded statements and forms — the same fold
 * `megaroth ledger balance` and `reconcile` run.
 */
export function foldEvents(
  events: readonly LedgerEventArgs[],
  options: { asOf?: string } = {},
): LedgerSummary {
  const fn = "foldEvents";
  const typed = toEvents(fn, events);
  const { asOf } = checkInput(fn, FoldArgs, options);
  const state = foldLedger(typed, asOf === undefined ? {} : { asOf });
  return {
    asOf: state.asOf,
    accounts: [...state.accounts.values()].map((a) =>
      toChecked<AccountSummary>(
        {
          id: a.id,
          kind: a.kind,
          opened: a.opened,
          balance: a.balance,
          basis: a.basis,
          earnings: a.earnings,
          regularBasis: a.regularBasis,
          firstRothYear: a.firstRothYear,
        },
        ACCOUNT,
      ),
    ),
    carryForwardBasis: fromCents(state.carryForwardBasis),
    findings: reconcile(state).map((f) => toChecked(f, FINDING)),
    problems: state.problems,
    warnings: state.warnings,
  };
}

const ReportArgs = input({ year });

/**
 * The year's ledger report (as `megaroth ledger report --year Y`): per account, contributions, conversions,
 * the taxable part and December 31 basis; Form 8606; the Roth IRA ordering; expected 1099-Rs; open clocks.
 * @throws YearNotClosedError when the events do not reach December 31 of the year.
 */
export function ledgerReport(
  events: readonly LedgerEventArgs[],
  options: { year: number },
): Checked<YearReport> {
  const fn = "ledgerReport";
  const typed = toEvents(fn, events);
  const { year: y } = checkInput(fn, ReportArgs, options);
  return toChecked(yearReport(typed, y), REPORT);
}
