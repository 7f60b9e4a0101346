import type { Warning } from "../explain.js";
import { type Form1099R, form1099RForCash, form1099RForDirectRollover } from "../form-1099r.js";
import { type Form8606, type Form8606Input, form8606 } from "../form-8606.js";
import { allocateByWeights } from "../money/allocate.js";
import { type Cents, cents, formatUsd, ZERO } from "../money/cents.js";
import { minRational, multiplyRounded, ONE, rational } from "../money/rational.js";
import {
  AfterTaxTotals,
  type AfterTaxYearTotal,
  ANNUAL_ADDITION_KINDS,
  annualAdditionsWarnings,
} from "./annual-additions.js";
import {
  type AccountKind,
  type EventOf,
  type IsoDate,
  KINDS_FOR_EVENT,
  type LedgerEvent,
  yearOf,
} from "./events.js";
import {
  orderRothIraDistributions,
  type RothIraContribution,
  type RothIraDistribution,
  type RothIraYear,
} from "./roth-ira-ordering.js";

/**
 * The state of the ledger at a date, as a pure fold over its events. The same code runs in the CLI and
 * in the browser. Per account: balance = basis + earnings, where basis is money already taxed (after-tax
 * contributions, Roth contributions, converted amounts, Form 8606 basis) and earnings is everything else
 * (investment gains and losses, and pretax money such as employer contributions and pretax rollovers).
 */

/** A Roth IRA conversion or plan rollover into a Roth IRA, tracked for the ordering rules and its five-year clock. */
export interface RothIraLayer {
  readonly year: number;
  readonly source: "roth-ira-conversion" | "rollover";
  readonly fromAccount: string;
  readonly amount: Cents;
  /** Taxable part; for a conversion from a traditional IRA it is known when the year's Form 8606 is closed. */
  taxable: Cents | null;
  /** Amount distributed out of this layer by this account's own withdrawals, as they happened (taxable part first). */
  distributed: Cents;
  /**
   * Amount ordered out of this layer by the end of each year under the year-end rule, all Roth IRAs together
   * (Treas. Reg. §1.408A-6 Q&A-9): the figure the five-year clocks and the yearly report use.
   */
  readonly orderedOut: Map<number, Cents>;
}

export interface AccountState {
  readonly id: string;
  readonly kind: AccountKind;
  readonly opened: IsoDate;
  balance: Cents;
  basis: Cents;
  earnings: Cents;
  /** Roth IRA: regular contributions and designated-Roth rollover basis (Form 8606 line 22). */
  regularBasis: Cents;
  /** Roth IRA: conversions and plan rollovers, oldest first (Form 8606 line 24). */
  readonly layers: RothIraLayer[];
  /** Designated Roth or Roth IRA: first year of the five-year period for qualified distributions. */
  firstRothYear: number | null;
}

/** What one event moved, and how much of it was basis (nontaxable) and not (taxable when it leaves a tax shelter). */
export interface Movement {
  readonly index: number;
  readonly date: IsoDate;
  readonly type: LedgerEvent["type"];
  readonly account: string;
  readonly toAccount: string | null;
  readonly amount: Cents;
  readonly nontaxable: Cents | null;
  readonly taxable: Cents | null;
}

/** A Form 1099-R the recorded events imply; null boxes depend on facts the ledger does not hold (age, qualification). */
export interface Expected1099R {
  readonly payer: string;
  readonly taxYear: number;
  readonly code: string | null;
  readonly box1: Cents;
  readonly box2a: Cents | null;
  readonly box5: Cents | null;
  readonly index: number;
}

export interface StatementCheck {
  readonly index: number;
  readonly date: IsoDate;
  readonly account: string;
  readonly ledgerBalance: Cents;
  readonly ledgerBasis: Cents;
  readonly statementBalance: Cents;
  readonly statementBasis: Cents | null;
  readonly statementEarnings: Cents | null;
}

/** A closed year's Form 8606 (Parts I and II), computed by the form's own rules from what the ledger recorded. */
export interface Form8606Year extends Form8606 {
  readonly input: Form8606Input;
}

/**
 * The ledger's Form 8606 input for a year: exact line 10 (the form allows "at least 3 places"; the exact
 * fraction is closest to IRC §72). Outstanding rollovers and deductible contributions are not recorded.
 */
function form8606Input(
  year: number,
  line1: Cents,
  line2: Cents,
  line4: Cents,
  line6: Cents,
  line7: Cents,
  line8: Cents,
): Form8606Input {
  return {
    year,
    nondeductibleContributions: line1,
    priorBasis: line2,
    contributionsMadeNextYear: line4,
    yearEndValue: line6,
    outstandingRollovers: ZERO,
    distributions: line7,
    converted: line8,
    ratioPrecision: "exact",
  };
}

function closedYear(input: Form8606Input): Form8606Year {
  return { ...form8606(input), input };
}

export interface FiveYearClock {
  readonly rule: "conversion" | "in-plan-roth-rollover" | "roth-ira-qualified" | "designated-roth-qualified";
  readonly citation: string;
  readonly account: string;
  readonly startYear: number;
  /** Last day of the five taxable years counted from January 1 of `startYear`. */
  readonly endsOn: IsoDate;
  /** Taxable amount still exposed to the 10% additional tax if distributed early (conversion clocks only). */
  readonly taxable: Cents | null;
}

export interface LedgerProblem {
  readonly index: number;
  readonly field: string | null;
  readonly message: string;
}

export interface YearEndAccount {
  readonly balance: Cents;
  readonly basis: Cents;
  readonly earnings: Cents;
}

export interface LedgerState {
  readonly asOf: IsoDate | null;
  readonly accounts: ReadonlyMap<string, Readonly<AccountState>>;
  readonly movements: readonly Movement[];
  readonly expected1099Rs: readonly Expected1099R[];
  readonly received1099Rs: readonly (EventOf<"1099-r"> & { readonly index: number })[];
  readonly filed8606s: readonly (EventOf<"form-8606"> & { readonly index: number })[];
  readonly statementChecks: readonly StatementCheck[];
  /** Closed years' Form 8606 Part I/II figures, by tax year. */
  readonly form8606: ReadonlyMap<number, Form8606Year>;
  /** Traditional-IRA basis carried forward: the latest closed year's line 14. */
  readonly carryForwardBasis: Cents;
  /** Each account at each closed December 31. */
  readonly yearEnd: ReadonlyMap<number, ReadonlyMap<string, YearEndAccount>>;
  /** Roth IRA distributions ordered per year on the year-end, all-Roth-IRAs basis (Form 8606 Part III), by year. */
  readonly rothIraYears: ReadonlyMap<number, RothIraYear>;
  /** Events the ledger refused (unknown account, wrong kind, more than the balance); they change nothing. */
  readonly problems: readonly LedgerProblem[];
  readonly warnings: readonly Warning[];
  /** The same warnings by the tax year they concern. */
  readonly warningsByYear: ReadonlyMap<number, readonly Warning[]>;
}

export interface FoldOptions {
  /** Fold only events dated on or before this date; December 31 closes that year. Default: the last event's date. */
  readonly asOf?: IsoDate;
}

export interface OpenYear {
  line1: Cents;
  rolledInBasis: Cents;
  line7: Cents;
  line8: Cents;
}

/** Folds events (in any order; sorted by date, ties kept in the given order) into the ledger state. */
export function foldLedger(events: readonly LedgerEvent[], options: FoldOptions = {}): LedgerState {
  const { fold, asOf } = foldEvents(events, options.asOf);
  return finishFold(fold, asOf);
}

/** Every event dated on or before `asOf` (all, without one) applied in ledger order; no year after the last event's closed yet. */
function foldEvents(
  events: readonly LedgerEvent[],
  asOfOption: IsoDate | undefined,
): { fold: LedgerFold; asOf: IsoDate | null; lastDate: IsoDate | null } {
  const ordered = events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => asOfOption === undefined || event.date <= asOfOption)
    .sort((a, b) => (a.event.date < b.event.date ? -1 : a.event.date > b.event.date ? 1 : a.index - b.index));
  const lastDate = ordered.at(-1)?.event.date ?? null;
  const fold = new LedgerFold();
  for (const { event, index } of ordered) {
    fold.closeYearsBefore(yearOf(event.date));
    fold.apply(event, index);
  }
  return { fold, asOf: asOfOption ?? lastDate, lastDate };
}

/** Closes the years up to `asOf` (December 31 closes that year too) and returns the state. */
function finishFold(fold: LedgerFold, asOf: IsoDate | null): LedgerState {
  if (asOf !== null) fold.closeYearsBefore(asOf.slice(5) === "12-31" ? yearOf(asOf) + 1 : yearOf(asOf));
  return fold.result(asOf);
}

/**
 * The fold of a whole ledger paused after its last event, before any later year is closed: resumed by
 * `resumeFold` for any as-of date on or after `lastDate`, it gives what `foldLedger(events, { asOf })` gives,
 * except that it keeps only the movements of the `movementTypes` it was taken with (each with index -1: the
 * snapshot of the same events in the same fold order is the same whatever their positions in the list), and no `problems`,
 * `expected1099Rs`, `received1099Rs`, `filed8606s` or `statementChecks` (closing a year and `result` read
 * none of them). Plain data (Maps, Sets, arrays, objects, numbers, strings): it survives a structured clone.
 */
export interface FoldSnapshot {
  readonly lastDate: IsoDate | null;
  readonly movementTypes: readonly LedgerEvent["type"][];
  readonly fold: FoldData;
}

/** `foldLedger(events)` (as-of the last event), and the fold paused after the last event (`FoldSnapshot`). */
export function foldLedgerSaving(
  events: readonly LedgerEvent[],
  movementTypes: readonly LedgerEvent["type"][],
): { state: LedgerState; snapshot: FoldSnapshot } {
  const { fold, asOf, lastDate } = foldEvents(events, undefined);
  const snapshot = { lastDate, movementTypes: [...movementTypes], fold: fold.data(new Set(movementTypes)) };
  return { state: finishFold(fold, asOf), snapshot };
}

/**
 * `foldLedger(events, { asOf })` from the snapshot of the same events (see `FoldSnapshot` for what it leaves
 * out), or null when `asOf` is before the last event (the fold would leave events out: fold them again).
 * The snapshot is not changed.
 */
export function resumeFold(snapshot: FoldSnapshot, asOf: IsoDate): LedgerState | null {
  if (snapshot.lastDate !== null && asOf < snapshot.lastDate) return null;
  return finishFold(LedgerFold.resume(structuredClone(snapshot.fold)), asOf);
}

/**
 * Five-year clocks started by `date`'s year and still running on `date` (the period ends December 31 of the
 * fifth year). A conversion layer's exposure is what the year-end ordering left of its taxable part after the
 * distributions up to `date`'s year (all Roth IRAs together, Treas. Reg. §1.408A-6 Q&A-9).
 */
export function openFiveYearClocks(state: LedgerState, date: IsoDate): FiveYearClock[] {
  const clocks: FiveYearClock[] = [];
  const year = yearOf(date);
  const clock = (
    rule: FiveYearClock["rule"],
    citation: string,
    account: string,
    startYear: number,
    taxable: Cents | null,
  ) => {
    const endsOn = `${startYear + 4}-12-31`;
    if (startYear <= year && date <= endsOn)
      clocks.push({ rule, citation, account, startYear, endsOn, taxable });
  };
  for (const account of state.accounts.values()) {
    if (account.kind === "roth-ira" && account.firstRothYear !== null) {
      clock("roth-ira-qualified", "IRC §408A(d)(2)(B)", account.id, account.firstRothYear, null);
    }
    if (account.kind === "roth-401k" && account.firstRothYear !== null) {
      clock("designated-roth-qualified", "IRC §402A(d)(2)(B)", account.id, account.firstRothYear, null);
    }
    for (const layer of account.layers) {
      const taxableLeft =
        layer.taxable === null ? null : cents(Math.max(0, layer.taxable - orderedOutBy(layer, year)));
      clock("conversion", "IRC §408A(d)(3)(F)", account.id, layer.year, taxableLeft);
    }
  }
  for (const m of state.movements) {
    if (m.type === "in-plan-roth-conversion" && m.toAccount !== null) {
      clock(
        "in-plan-roth-rollover",
        "IRC §402A(c)(4); Notice 2010-84",
        m.toAccount,
        yearOf(m.date),
        m.taxable,
      );
    }
  }
  return clocks.sort((a, b) => a.startYear - b.startYear || a.account.localeCompare(b.account));
}

/** What the year-end ordering had taken out of a layer by the end of `year`. */
export function orderedOutBy(layer: RothIraLayer, year: number): Cents {
  let latest = -1;
  for (const y of layer.orderedOut.keys()) if (y <= year && y > latest) latest = y;
  return latest < 0 ? ZERO : layer.orderedOut.get(latest)!;
}

/** The structured clone of the platform (Node and every browser); the core's TypeScript lib has no DOM or Node types. */
declare function structuredClone<T>(value: T): T;

/** The fields of a paused fold (`FoldSnapshot`). */
export interface FoldData {
  readonly accounts: Map<string, AccountState>;
  readonly afterTaxTotals: readonly AfterTaxYearTotal[];
  readonly movements: Movement[];
  readonly form8606: Map<number, Form8606Year>;
  readonly yearEnd: Map<number, Map<string, YearEndAccount>>;
  readonly warnings: Warning[];
  readonly warningsByYear: Map<number, Warning[]>;
  readonly valuedAtYearEnd: Set<string>;
  readonly openYears: Map<number, OpenYear>;
  readonly currentYear: number | null;
  readonly rothLayers: RothIraLayer[];
  readonly rothContributions: RothIraContribution[];
  readonly rothDistributions: RothIraDistribution[];
}

class LedgerFold {
  private readonly accounts = new Map<string, AccountState>();
  /** After-tax contributions by plan account and year, checked against each year's 415(c) limit. */
  private readonly afterTaxTotals = new AfterTaxTotals();
  private readonly movements: Movement[] = [];
  private readonly expected: Expected1099R[] = [];
  private readonly received: (EventOf<"1099-r"> & { index: number })[] = [];
  private readonly filed: (EventOf<"form-8606"> & { index: number })[] = [];
  private readonly checks: StatementCheck[] = [];
  private readonly form8606 = new Map<number, Form8606Year>();
  private readonly yearEnd = new Map<number, Map<string, YearEndAccount>>();
  private readonly problems: LedgerProblem[] = [];
  private readonly warnings: Warning[] = [];
  private readonly warningsByYear = new Map<number, Warning[]>();
  /** "account year" of each traditional IRA valued on December 31 by a statement or year-end value. */
  private readonly valuedAtYearEnd = new Set<string>();
  private readonly openYears = new Map<number, OpenYear>();
  private currentYear: number | null = null;
  /** Every Roth IRA's conversion and rollover layers, and its regular-contribution basis and distributions. */
  private readonly rothLayers: RothIraLayer[] = [];
  private readonly rothContributions: RothIraContribution[] = [];
  private readonly rothDistributions: RothIraDistribution[] = [];

  /** A deep copy of what closing years and `result` read (objects shared here stay shared in the copy). */
  data(movementTypes: ReadonlySet<LedgerEvent["type"]>): FoldData {
    return structuredClone({
      accounts: this.accounts,
      afterTaxTotals: this.afterTaxTotals.values(),
      // without their `index` (-1): the snapshot depends on the events in ledger order, not on their positions in the list given
      movements: this.movements.filter((m) => movementTypes.has(m.type)).map((m) => ({ ...m, index: -1 })),
      form8606: this.form8606,
      yearEnd: this.yearEnd,
      warnings: this.warnings,
      warningsByYear: this.warningsByYear,
      valuedAtYearEnd: this.valuedAtYearEnd,
      openYears: this.openYears,
      currentYear: this.currentYear,
      rothLayers: this.rothLayers,
      rothContributions: this.rothContributions,
      rothDistributions: this.rothDistributions,
    });
  }

  /** A fold holding `data` (taken by `data`, owned by the new fold from now on). */
  static resume(data: FoldData): LedgerFold {
    const fold = new LedgerFold();
    const { afterTaxTotals, ...rest } = data;
    Object.assign(fold, rest);
    for (const t of afterTaxTotals) fold.afterTaxTotals.add(t.account, t.year, t.total);
    return fold;
  }

  result(asOf: IsoDate | null): LedgerState {
    const ordering = orderRothIraDistributions(
      this.rothContributions,
      this.rothLayers,
      this.rothDistributions,
    );
    this.rothLayers.forEach((layer, i) => {
      for (const [year, amount] of ordering.orderedOut[i]!) layer.orderedOut.set(year, amount);
    });
    for (const { year, warning } of annualAdditionsWarnings(this.afterTaxTotals.values()))
      this.warn(year, warning);
    return {
      asOf,
      accounts: this.accounts,
      movements: this.movements,
      expected1099Rs: this.expected,
      received1099Rs: this.received,
      filed8606s: this.filed,
      statementChecks: this.checks,
      form8606: this.form8606,
      carryForwardBasis: this.carryForward(Number.POSITIVE_INFINITY),
      yearEnd: this.yearEnd,
      rothIraYears: ordering.years,
      problems: this.problems,
      warnings: this.warnings,
      warningsByYear: this.warningsByYear,
    };
  }

  /** Closes every year before `year`: Form 8606 pro rata for traditional IRAs, then a December 31 snapshot. */
  closeYearsBefore(year: number): void {
    if (this.currentYear === null) {
      this.currentYear = year;
      return;
    }
    while (this.currentYear < year) {
      this.closeYear(this.currentYear);
      this.currentYear += 1;
    }
  }

  apply(event: LedgerEvent, index: number): void {
    const problem = this.check(event);
    if (problem) {
      this.problems.push({ index, ...problem });
      return;
    }
    switch (event.type) {
      case "open":
        this.accounts.set(event.account, {
          id: event.account,
          kind: event.kind,
          opened: event.date,
          balance: ZERO,
          basis: ZERO,
          earnings: ZERO,
          regularBasis: ZERO,
          layers: [],
          firstRothYear: null,
        });
        return;
      case "after-tax-contribution": {
        const account = this.account(event.account);
        this.credit(account, event.amount, event.amount);
        if (account.kind === "roth-401k") account.firstRothYear ??= yearOf(event.date);
        if (ANNUAL_ADDITION_KINDS.includes(account.kind))
          this.afterTaxTotals.add(account.id, yearOf(event.date), event.amount);
        this.move(index, event, null, event.amount, event.amount, ZERO);
        return;
      }
      case "employer-contribution":
        this.credit(this.account(event.account), event.amount, ZERO);
        this.move(index, event, null, event.amount, ZERO, event.amount);
        return;
      case "nondeductible-ira-contribution":
        this.nondeductibleContribution(event, index);
        return;
      case "roth-ira-contribution": {
        const account = this.account(event.account);
        this.credit(account, event.amount, event.amount);
        account.regularBasis = cents(account.regularBasis + event.amount);
        account.firstRothYear = Math.min(account.firstRothYear ?? event.taxYear, event.taxYear);
        this.rothContributions.push({ year: event.taxYear, amount: event.amount });
        this.move(index, event, null, event.amount, event.amount, ZERO);
        return;
      }
      case "in-plan-roth-conversion":
        this.inPlanRothConversion(event, index);
        return;
      case "roth-ira-conversion":
        this.rothIraConversion(event, index);
        return;
      case "rollover":
        this.rollover(event, index);
        return;
      case "distribution":
        this.distribution(event, index);
        return;
      case "statement-balance":
      case "year-end-value":
        this.statement(event, index);
        return;
      case "1099-r":
        this.received.push({ ...event, index });
        return;
      case "form-8606":
        this.filed.push({ ...event, index });
        return;
    }
  }

  /** The checks that need the ledger's state; shape and ranges were checked by the event schema. */
  private check(event: LedgerEvent): { field: string | null; message: string } | null {
    const existing = this.accounts.get(event.account);
    if (event.type === "open") {
      return existing ? { field: "account", message: `account "${event.account}" is already open` } : null;
    }
    if (!existing) return { field: "account", message: `unknown account "${event.account}" (open it first)` };
    if (event.date < existing.opened) {
      return { field: "date", message: `account "${event.account}" was opened on ${existing.opened}` };
    }
    const allowed = KINDS_FOR_EVENT[event.type];
    if (!allowed.includes(existing.kind)) {
      return {
        field: "account",
        message: `a ${event.type} cannot be recorded on a ${existing.kind} account (allowed: ${allowed.join(", ")})`,
      };
    }
    const outflow =
      event.type === "distribution" ||
      event.type === "rollover" ||
      event.type === "in-plan-roth-conversion" ||
      event.type === "roth-ira-conversion";
    if (outflow && event.amount > existing.balance) {
      return {
        field: "amount",
        message: `is more than the ledger balance of ${existing.id} on ${event.date} (${formatUsd(existing.balance)}); record a statement-balance first`,
      };
    }
    if (event.type === "in-plan-roth-conversion")
      return this.checkDestination(event.toAccount, ["roth-401k"], "toAccount", event.date);
    if (event.type === "roth-ira-conversion")
      return this.checkDestination(event.toAccount, ["roth-ira"], "toAccount", event.date);
    if (event.type === "rollover" && existing.kind === "traditional-ira")
      return this.checkRollIn(event, existing);
    if (event.type === "rollover") {
      const kinds: AccountKind[] =
        existing.kind === "roth-401k" ? ["roth-ira"] : ["traditional-ira", "roth-ira"];
      const seen = new Set<AccountKind>();
      for (const d of event.destinations) {
        const problem = this.checkDestination(d.account, kinds, "destinations", event.date);
        if (problem) return problem;
        const kind = this.account(d.account).kind;
        if (seen.has(kind))
          return {
            field: "destinations",
            message: `two destinations are ${kind} accounts (allowed: one of each)`,
          };
        seen.add(kind);
      }
      const rolled = event.destinations.reduce((s, d) => s + d.amount, 0);
      if (existing.kind === "roth-401k" && rolled !== event.amount) {
        return {
          field: "destinations",
          message:
            "a rollover from a roth-401k must go whole to a Roth IRA; record any cash part as a distribution",
        };
      }
    }
    return null;
  }

  /**
   * A roll-in from a traditional IRA to an employer plan: whole to one 401k-pretax account, and only pretax
   * money — IRC §408(d)(3)(A)(ii) lets a plan take no more than the part of the distribution that would be
   * includible in income, so nondeductible basis cannot roll in.
   */
  private checkRollIn(
    event: EventOf<"rollover">,
    from: AccountState,
  ): { field: string | null; message: string } | null {
    const [to, second] = event.destinations;
    if (second || !to || to.amount !== event.amount) {
      return {
        field: "destinations",
        message:
          "a rollover from a traditional IRA goes whole to one 401k-pretax account; record any cash part as a distribution",
      };
    }
    const problem = this.checkDestination(to.account, ["401k-pretax"], "destinations", event.date);
    if (problem) return problem;
    const pretax = cents(from.balance - from.basis);
    if (event.amount > pretax) {
      return {
        field: "amount",
        message: `is more than the pretax money in ${from.id} on ${event.date} (${formatUsd(pretax)}: balance ${formatUsd(from.balance)} less basis ${formatUsd(from.basis)}); basis cannot roll into a plan (IRC §408(d)(3)(A)(ii))`,
      };
    }
    return null;
  }

  private checkDestination(id: string, kinds: readonly AccountKind[], field: string, date: IsoDate) {
    const target = this.accounts.get(id);
    if (!target) return { field, message: `unknown account "${id}" (open it first)` };
    if (!kinds.includes(target.kind))
      return { field, message: `"${id}" is a ${target.kind} account (allowed: ${kinds.join(", ")})` };
    if (date < target.opened) return { field, message: `account "${id}" was opened on ${target.opened}` };
    return null;
  }

  private account(id: string): AccountState {
    return this.accounts.get(id)!;
  }

  private credit(account: AccountState, amount: Cents, basis: Cents): void {
    account.balance = cents(account.balance + amount);
    account.basis = cents(account.basis + basis);
    account.earnings = cents(account.earnings + amount - basis);
  }

  /** Takes `amount` out, of which `basis` is basis; the rest comes out of earnings. */
  private debit(account: AccountState, amount: Cents, basis: Cents): void {
    account.balance = cents(account.balance - amount);
    account.basis = cents(account.basis - basis);
    account.earnings = cents(account.earnings - (amount - basis));
  }

  private move(
    index: number,
    event: LedgerEvent,
    toAccount: string | null,
    amount: Cents,
    nontaxable: Cents | null,
    taxable: Cents | null,
  ) {
    this.movements.push({
      index,
      date: event.date,
      type: event.type,
      account: event.account,
      toAccount,
      amount,
      nontaxable,
      taxable,
    });
  }

  private openYear(year: number): OpenYear {
    let y = this.openYears.get(year);
    if (!y) {
      y = { line1: ZERO, rolledInBasis: ZERO, line7: ZERO, line8: ZERO };
      this.openYears.set(year, y);
    }
    return y;
  }

  /**
   * Basis recovered by a distribution from a plan account or a taxable account: pro rata over the balance
   * (IRC §72(e)(8); the after-tax subaccount as a separate contract, §72(d)(2); designated Roth, §402A(d)(4)),
   * rounded half-up to the cent, never more than the amount.
   */
  private proRataBasis(account: AccountState, amount: Cents): Cents {
    if (account.basis <= 0 || account.balance <= 0) return ZERO;
    const ratio = minRational(rational(account.basis, account.balance), ONE);
    return cents(multiplyRounded(amount, ratio, "half-up"));
  }

  private nondeductibleContribution(event: EventOf<"nondeductible-ira-contribution">, index: number): void {
    this.credit(this.account(event.account), event.amount, event.amount);
    this.move(index, event, null, event.amount, event.amount, ZERO);
    const closed = this.form8606.get(event.taxYear);
    if (closed || event.taxYear < (this.currentYear ?? event.taxYear)) {
      // Made in the next year by the deadline, for a year already closed: Form 8606 lines 1 and 4 grow; line 5, and so the pro rata, does not
      const input =
        closed?.input ??
        form8606Input(event.taxYear, ZERO, this.carryForward(event.taxYear), ZERO, ZERO, ZERO, ZERO);
      this.form8606.set(
        event.taxYear,
        closedYear({
          ...input,
          nondeductibleContributions: cents(input.nondeductibleContributions + event.amount),
          contributionsMadeNextYear: cents(input.contributionsMadeNextYear + event.amount),
        }),
      );
    } else {
      const year = this.openYear(event.taxYear);
      year.line1 = cents(year.line1 + event.amount);
    }
  }

  private inPlanRothConversion(event: EventOf<"in-plan-roth-conversion">, index: number): void {
    const from = this.account(event.account);
    const to = this.account(event.toAccount);
    const nontaxable = this.proRataBasis(from, event.amount);
    const taxable = cents(event.amount - nontaxable);
    this.debit(from, event.amount, nontaxable);
    // IRC §402A(c)(4): the whole amount rolled becomes designated Roth investment in the contract (taxable part now taxed)
    this.credit(to, event.amount, event.amount);
    to.firstRothYear = Math.min(to.firstRothYear ?? yearOf(event.date), yearOf(event.date));
    this.move(index, event, event.toAccount, event.amount, nontaxable, taxable);
    // 1099-R instructions: in-plan Roth rollover — box 1 amount rolled, 2a taxable, 5 basis, code G
    this.expectForm(
      event.account,
      event.date,
      form1099RForDirectRollover("in-plan-roth", taxable, nontaxable),
      index,
    );
  }

  private rothIraConversion(event: EventOf<"roth-ira-conversion">, index: number): void {
    const from = this.account(event.account);
    const to = this.account(event.toAccount);
    // The nontaxable part is known only when the year closes (Form 8606 line 11); until then it counts as pretax
    this.debit(from, event.amount, ZERO);
    this.credit(to, event.amount, event.amount);
    const year = yearOf(event.date);
    to.layers.push({
      year,
      source: "roth-ira-conversion",
      fromAccount: event.account,
      amount: event.amount,
      taxable: null,
      distributed: ZERO,
      orderedOut: new Map(),
    });
    this.rothLayers.push(to.layers.at(-1)!);
    to.firstRothYear = Math.min(to.firstRothYear ?? year, year);
    const open = this.openYear(year);
    open.line8 = cents(open.line8 + event.amount);
    this.move(index, event, event.toAccount, event.amount, null, null);
    // IRA payers report the gross with "taxable amount not determined"; code 2 or 7 depends on age
    this.expect(event.account, event.date, null, event.amount, null, null, index);
  }

  /**
   * A distribution from a plan, rolled in part or whole. Notice 2014-54: the pretax part goes first to the
   * direct rollovers (here: to the traditional IRA first, then the Roth IRA), and to cash only when it exceeds
   * them; what remains in each destination is after-tax.
   */
  private rollover(event: EventOf<"rollover">, index: number): void {
    const from = this.account(event.account);
    if (from.kind === "traditional-ira") {
      this.rollIn(event, index);
      return;
    }
    const year = yearOf(event.date);
    const afterTax = this.proRataBasis(from, event.amount);
    const pretax = cents(event.amount - afterTax);
    this.debit(from, event.amount, afterTax);
    const rolled = event.destinations.reduce((s, d) => s + d.amount, 0);
    const cash = cents(event.amount - rolled);
    if (from.kind === "roth-401k") {
      const to = this.account(event.destinations[0]!.account);
      // Designated Roth investment in the contract becomes Roth IRA regular-contribution basis (Form 8606 line 22)
      this.credit(to, event.amount, afterTax);
      to.regularBasis = cents(to.regularBasis + afterTax);
      this.rothContributions.push({ year, amount: afterTax });
      to.firstRothYear = Math.min(to.firstRothYear ?? year, year);
      this.move(index, event, to.id, event.amount, afterTax, ZERO);
      this.expect(event.account, event.date, "H", event.amount, ZERO, afterTax, index);
      if (afterTax < event.amount) {
        this.warn(year, {
          code: "DESIGNATED_ROTH_ROLLOVER_BASIS",
          message: `The ${event.date} rollover from ${from.id} counts only its ${formatUsd(afterTax)} of investment in the contract as Roth IRA contributions; if it was a qualified distribution (59½ or older and five years in the plan's Roth account) all ${formatUsd(event.amount)} is (Treas. Reg. §1.408A-10 Q&A-3).`,
        });
      }
      return;
    }
    const traditional = event.destinations.find((d) => this.account(d.account).kind === "traditional-ira");
    const roth = event.destinations.find((d) => this.account(d.account).kind === "roth-ira");
    const toTraditional = traditional?.amount ?? ZERO;
    const toRoth = roth?.amount ?? ZERO;
    const pretaxToTraditional = cents(Math.min(pretax, toTraditional));
    const pretaxToRoth = cents(Math.min(pretax - pretaxToTraditional, toRoth));
    const pretaxToCash = cents(pretax - pretaxToTraditional - pretaxToRoth);
    if (traditional) {
      const to = this.account(traditional.account);
      const basis = cents(toTraditional - pretaxToTraditional);
      this.credit(to, toTraditional, basis);
      // Form 8606 line 2: after-tax plan money rolled into a traditional IRA adds to IRA basis
      const open = this.openYear(year);
      open.rolledInBasis = cents(open.rolledInBasis + basis);
      this.move(index, event, to.id, toTraditional, basis, ZERO);
      this.expectForm(
        event.account,
        event.date,
        form1099RForDirectRollover("traditional-ira", pretaxToTraditional, basis),
        index,
      );
    }
    if (roth) {
      const to = this.account(roth.account);
      this.credit(to, toRoth, toRoth);
      to.layers.push({
        year,
        source: "rollover",
        fromAccount: event.account,
        amount: toRoth,
        taxable: pretaxToRoth,
        distributed: ZERO,
        orderedOut: new Map(),
      });
      this.rothLayers.push(to.layers.at(-1)!);
      to.firstRothYear = Math.min(to.firstRothYear ?? year, year);
      this.move(index, event, to.id, toRoth, cents(toRoth - pretaxToRoth), pretaxToRoth);
      // 1099-R instructions: direct rollover to a Roth IRA — box 2a the taxable amount, box 5 the basis, code G
      const afterTax = cents(toRoth - pretaxToRoth);
      this.expectForm(
        event.account,
        event.date,
        form1099RForDirectRollover("roth-ira", pretaxToRoth, afterTax),
        index,
      );
    }
    if (cash > 0) {
      this.move(index, event, null, cash, cents(cash - pretaxToCash), pretaxToCash);
      this.expectCash(event.account, event.date, pretaxToCash, cents(cash - pretaxToCash), index);
    }
  }

  /**
   * A traditional IRA's pretax money rolled into a 401k-pretax account. It is neither a distribution on Form
   * 8606 line 7 nor in line 6 (it is gone by December 31), so it shrinks the pro rata base; the basis stays in
   * the IRAs (IRC §408(d)(3)(A)(ii)). The IRA reports it on a 1099-R, code G, box 2a 0.
   */
  private rollIn(event: EventOf<"rollover">, index: number): void {
    const from = this.account(event.account);
    const to = this.account(event.destinations[0]!.account);
    this.debit(from, event.amount, ZERO);
    this.credit(to, event.amount, ZERO);
    this.move(index, event, to.id, event.amount, ZERO, ZERO);
    // 1099-R instructions, box 7 code G: a direct rollover to a qualified plan; box 2a 0
    this.expect(event.account, event.date, "G", event.amount, ZERO, ZERO, index);
  }

  private distribution(event: EventOf<"distribution">, index: number): void {
    const account = this.account(event.account);
    switch (account.kind) {
      case "traditional-ira": {
        this.debit(account, event.amount, ZERO);
        const open = this.openYear(yearOf(event.date));
        open.line7 = cents(open.line7 + event.amount);
        this.move(index, event, null, event.amount, null, null);
        this.expect(event.account, event.date, null, event.amount, null, null, index);
        return;
      }
      case "roth-ira":
        this.rothIraDistribution(account, event, index);
        return;
      default: {
        const basis = this.proRataBasis(account, event.amount);
        const earnings = cents(event.amount - basis);
        this.debit(account, event.amount, basis);
        // Designated Roth earnings are taxable only if the distribution is not qualified (age, five years)
        const taxable = account.kind === "roth-401k" && earnings > 0 ? null : earnings;
        this.move(index, event, null, event.amount, basis, taxable);
        if (account.kind === "taxable") return;
        if (account.kind === "roth-401k")
          this.expect(event.account, event.date, "B", event.amount, null, basis, index);
        else this.expectCash(event.account, event.date, earnings, basis, index);
      }
    }
  }

  /**
   * The per-event view: what this withdrawal takes out of this account's own records, in the ordering rules'
   * order (Treas. Reg. §1.408A-6 Q&A-8), so each account's basis stays sensible between events. The tax
   * figures follow the year-end rule over all Roth IRAs instead (roth-ira-ordering.ts, `rothIraYears`).
   */
  private rothIraDistribution(account: AccountState, event: EventOf<"distribution">, index: number): void {
    let left: number = event.amount;
    const fromRegular = Math.min(left, account.regularBasis);
    account.regularBasis = cents(account.regularBasis - fromRegular);
    left -= fromRegular;
    let fromLayers = 0;
    const takeFrom = (layer: RothIraLayer, available: number) => {
      const take = Math.min(left, Math.max(0, available));
      layer.distributed = cents(layer.distributed + take);
      fromLayers += take;
      left -= take;
    };
    // A year's conversions and rollovers are one layer: the taxable parts of all of them go before any
    // nontaxable part (Treas. Reg. §1.408A-6 Q&A-8, Q&A-9). `distributed` counts a layer's taxable part first.
    for (const year of new Set(account.layers.map((l) => l.year))) {
      const ofYear = account.layers.filter((l) => l.year === year);
      for (const layer of ofYear) takeFrom(layer, (layer.taxable ?? 0) - layer.distributed);
      for (const layer of ofYear) takeFrom(layer, layer.amount - layer.distributed);
    }
    const basis = cents(fromRegular + fromLayers);
    this.debit(account, event.amount, basis);
    // Earnings are taxable only in a nonqualified distribution (IRC §408A(d)(2)), which the ledger cannot tell
    this.move(index, event, null, event.amount, basis, left > 0 ? null : ZERO);
    this.expect(event.account, event.date, null, event.amount, null, null, index);
    this.rothDistributions.push({ year: yearOf(event.date), amount: event.amount });
  }

  private statement(event: EventOf<"statement-balance"> | EventOf<"year-end-value">, index: number): void {
    const account = this.account(event.account);
    this.checks.push({
      index,
      date: event.date,
      account: account.id,
      ledgerBalance: account.balance,
      ledgerBasis: account.basis,
      statementBalance: event.amount,
      statementBasis: event.type === "statement-balance" ? event.basis : null,
      statementEarnings: event.type === "statement-balance" ? event.earnings : null,
    });
    if (event.date.endsWith("-12-31")) this.valuedAtYearEnd.add(`${account.id} ${yearOf(event.date)}`);
    // The statement is the truth about the balance; the difference is investment gain or loss
    account.earnings = cents(account.earnings + event.amount - account.balance);
    account.balance = event.amount;
  }

  private expect(
    payer: string,
    date: IsoDate,
    code: string | null,
    box1: Cents,
    box2a: Cents | null,
    box5: Cents | null,
    index: number,
  ) {
    this.expected.push({ payer, taxYear: yearOf(date), code, box1, box2a, box5, index });
  }

  private warn(year: number, warning: Warning): void {
    this.warnings.push(warning);
    this.warningsByYear.set(year, [...(this.warningsByYear.get(year) ?? []), warning]);
  }

  private expectForm(payer: string, date: IsoDate, form: Form1099R, index: number) {
    this.expect(payer, date, form.box7, form.box1, form.box2a, form.box5, index);
  }

  /** Paid to the participant: box 7 is 1, 2 or 7 by age and exception, which the ledger does not hold. */
  private expectCash(payer: string, date: IsoDate, pretax: Cents, afterTax: Cents, index: number) {
    const form = form1099RForCash(pretax, afterTax, ZERO, "7");
    this.expect(payer, date, null, form.box1, form.box2a, form.box5, index);
  }

  private carryForward(beforeYear: number): Cents {
    let latest = -1;
    for (const year of this.form8606.keys()) if (year < beforeYear && year > latest) latest = year;
    return latest < 0 ? ZERO : this.form8606.get(latest)!.basisCarriedForward;
  }

  private closeYear(year: number): void {
    const traditional = [...this.accounts.values()].filter((a) => a.kind === "traditional-ira");
    const open = this.openYear(year);
    this.openYears.delete(year);
    if (traditional.length > 0) {
      const form = closedYear(
        form8606Input(
          year,
          open.line1,
          cents(this.carryForward(year) + open.rolledInBasis),
          ZERO,
          cents(traditional.reduce((s, a) => s + a.balance, 0)),
          open.line7,
          open.line8,
        ),
      );
      this.form8606.set(year, form);
      const unvalued = traditional.filter(
        (a) => !this.valuedAtYearEnd.has(`${a.id} ${year}`) && a.balance !== 0,
      );
      if (open.line7 + open.line8 > 0 && unvalued.length > 0) {
        this.warn(year, {
          code: "FORM_8606_LINE6_UNVALUED",
          message: `Form 8606 line 6 for ${year} uses the ledger's own December 31 balance of ${unvalued.map((a) => a.id).join(", ")}; record a year-end-value from the statement so the pro rata is right.`,
        });
      }
      this.recoverTraditionalBasis(traditional, form.lines["13"] ?? ZERO);
      this.assignConversionTaxable(year, form.lines["18"] ?? ZERO);
    }
    const snapshot = new Map<string, YearEndAccount>();
    for (const a of this.accounts.values())
      snapshot.set(a.id, { balance: a.balance, basis: a.basis, earnings: a.earnings });
    this.yearEnd.set(year, snapshot);
  }

  /** Line 13 (basis used this year) leaves the traditional IRAs in proportion to the basis each holds. */
  private recoverTraditionalBasis(traditional: AccountState[], line13: Cents): void {
    if (line13 <= 0) return;
    const shares = allocateByWeights(
      line13,
      traditional.map((a) => a.basis),
    );
    traditional.forEach((account, i) => {
      account.basis = cents(account.basis - shares[i]!);
      account.earnings = cents(account.earnings + shares[i]!);
    });
  }

  /** Line 18 (taxable conversions) is spread over the year's conversion layers in proportion to their amounts. */
  private assignConversionTaxable(year: number, line18: Cents): void {
    const layers = [...this.accounts.values()]
      .flatMap((a) => a.layers)
      .filter((l) => l.year === year && l.source === "roth-ira-conversion");
    if (layers.length === 0) return;
    const shares = allocateByWeights(
      line18,
      layers.map((l) => l.amount),
    );
    layers.forEach((layer, i) => {
      layer.taxable = shares[i]!;
    });
  }
}
