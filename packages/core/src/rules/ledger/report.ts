import type { Step, Warning } from "../explain.js";
import { FORM_8606_LINE_LABELS, FORM_8606_LINES } from "../form-8606.js";
import { type Cents, cents, formatUsd } from "../money/cents.js";
import { formatRational } from "../money/rational.js";
import type { LedgerEvent } from "./events.js";
import { type AccountKind, type IsoDate, yearOf } from "./events.js";
import {
  type Expected1099R,
  type FiveYearClock,
  type Form8606Year,
  foldLedger,
  type LedgerState,
  openFiveYearClocks,
  orderedOutBy,
} from "./fold.js";
import { type Finding, reconcile } from "./reconcile.js";
import type { RothIraYear } from "./roth-ira-ordering.js";

export interface AccountYear {
  readonly account: string;
  readonly kind: AccountKind;
  /** After-tax, Roth, nondeductible IRA and employer contributions made in the year. */
  readonly contributions: Cents;
  readonly employerContributions: Cents;
  /** Conversions and rollovers out of / into the account. */
  readonly movedOut: Cents;
  readonly movedIn: Cents;
  readonly distributions: Cents;
  /** Taxable part of what left the account in the year; null when it depends on facts the ledger lacks. */
  readonly taxable: Cents | null;
  readonly balance: Cents;
  readonly basis: Cents;
  readonly earnings: Cents;
}

export interface YearReport {
  readonly year: number;
  /**
   * The date the accounts are reported at: December 31 of the year, or, for the year of the ledger's last
   * event when nothing is recorded after it, that event's date (the year is not over).
   */
  readonly asOf: IsoDate;
  /** False while the ledger's last event is before December 31 of the year. */
  readonly yearComplete: boolean;
  readonly accounts: readonly AccountYear[];
  /** Form 8606 Part I and II for the year, as the ledger's events imply (null when no traditional IRA exists). */
  readonly form8606: Form8606Year | null;
  /** The year's Roth IRA distributions ordered on the year-end basis, all Roth IRAs together (null if none). */
  readonly rothIra: RothIraYear | null;
  readonly expected1099Rs: readonly Expected1099R[];
  readonly openClocks: readonly FiveYearClock[];
  readonly findings: readonly Finding[];
  readonly steps: readonly Step[];
  readonly warnings: readonly Warning[];
}

export class YearNotClosedError extends Error {
  override readonly name = "YearNotClosedError";
}

/** Every year a report can be made for: each year with an event, a December 31, or a Form 8606 (by tax year). */
export function reportYears(events: readonly LedgerEvent[]): number[] {
  const years = new Set<number>();
  for (const e of events) {
    years.add(yearOf(e.date));
    // A contribution for the prior year made by its deadline, a 1099-R or a filed Form 8606 names its tax year
    if ("taxYear" in e && e.type !== "1099-r" && e.type !== "form-8606") years.add(e.taxYear);
  }
  return [...years].sort((a, b) => a - b);
}

/**
 * The yearly report: per account, what came in and went out, the taxable part, and December 31 basis. A year
 * the ledger has not reached December 31 of is reported as of its last event; a year before the ledger's
 * first event (e.g. one whose only entry is a contribution for it made the next year) has no accounts; an
 * empty ledger gives an empty report.
 */
export function yearReport(events: readonly LedgerEvent[], year: number): YearReport {
  // Later events belong in it too: contributions for the year made by its deadline, 1099-Rs and filed Forms 8606
  const yearEnd = `${year}-12-31`;
  let last = yearEnd;
  let lastEvent: IsoDate | null = null;
  for (const e of events) {
    if (e.date > last) last = e.date;
    if (lastEvent === null || e.date > lastEvent) lastEvent = e.date;
  }
  // Clocks as of December 31 (later years' withdrawals do not shrink the year's exposure), but with the
  // year's contributions made by the deadline counted, as the year-end ordering requires
  const state = foldLedger(events, { asOf: last });
  return reportFromState(state, year, openFiveYearClocks(state, yearEnd), lastEvent);
}

export function reportFromState(
  state: LedgerState,
  year: number,
  clocks: readonly FiveYearClock[] = openFiveYearClocks(state, `${year}-12-31`),
  lastEvent: IsoDate | null = state.asOf,
): YearReport {
  const yearEnd = `${year}-12-31`;
  const notes: Warning[] = [];
  let snapshot = state.yearEnd.get(year) ?? null;
  if (lastEvent === null) {
    snapshot = new Map();
    notes.push({ code: "EMPTY_LEDGER", message: "The ledger has no events yet: nothing to report." });
  } else if (yearOf(lastEvent) < year) {
    throw new YearNotClosedError(
      `the ledger's last event is on ${lastEvent}: nothing is recorded for ${year} yet (allowed: up to ${yearOf(lastEvent)})`,
    );
  } else if (!snapshot) {
    // Before the ledger's first event: no account existed on December 31 of the year
    snapshot = new Map();
    notes.push({
      code: "NO_ACCOUNT_AT_YEAR_END",
      message: `No account in the ledger was open on December 31, ${year}; only what later events record for ${year} (such as an IRA contribution for ${year} made by its deadline) is reported.`,
    });
  }
  const yearComplete = lastEvent === null || lastEvent >= yearEnd;
  const asOf = yearComplete ? yearEnd : lastEvent!;
  if (!yearComplete) {
    notes.push({
      code: "YEAR_NOT_OVER",
      message: `The ledger's last event is on ${asOf}: ${year} is reported as of that date, not December 31. Form 8606 uses the balances on ${asOf} for line 6 until a December 31 year-end value is recorded.`,
    });
  }
  const form8606 = state.form8606.get(year) ?? null;
  const rothIra = state.rothIraYears.get(year) ?? null;
  const movements = state.movements.filter((m) => yearOf(m.date) === year);
  const accounts: AccountYear[] = [];
  for (const [id, end] of snapshot) {
    const account = state.accounts.get(id)!;
    let contributions = 0;
    let employer = 0;
    let movedOut = 0;
    let movedIn = 0;
    let distributions = 0;
    let taxable: number | null = 0;
    for (const m of movements) {
      if (m.account === id) {
        if (m.type.endsWith("contribution")) {
          if (m.type === "employer-contribution") employer += m.amount;
          else contributions += m.amount;
          continue;
        }
        if (m.toAccount === null) distributions += m.amount;
        else movedOut += m.amount;
        if (taxable !== null) taxable = m.taxable === null ? null : taxable + m.taxable;
      } else if (m.toAccount === id) movedIn += m.amount;
    }
    if (account.kind === "traditional-ira" && form8606) {
      // Form 8606 lines 15c and 18 (with no basis, the whole distribution): the taxable parts of this year's IRA
      // distributions and conversions (all IRAs together)
      taxable = form8606.taxableAmount;
    }
    if (account.kind === "roth-ira" && rothIra && distributions > 0) {
      // Treas. Reg. §1.408A-6 Q&A-9: the year's distributions from all Roth IRAs are ordered together at year end;
      // only earnings can be taxable, and whether they are depends on qualification (age), not recorded here
      taxable = rothIra.earnings > 0 ? null : 0;
    }
    accounts.push({
      account: id,
      kind: account.kind,
      contributions: cents(contributions),
      employerContributions: cents(employer),
      movedOut: cents(movedOut),
      movedIn: cents(movedIn),
      distributions: cents(distributions),
      taxable: taxable === null ? null : cents(taxable),
      ...end,
    });
  }
  // Form 8606 lines, steps and warnings come from the form's own module (src/core/form-8606.ts)
  const steps: Step[] = [...(form8606?.steps ?? []), ...(rothIra?.steps ?? [])];
  const warnings: Warning[] = [
    ...notes,
    ...(state.warningsByYear.get(year) ?? []),
    ...(form8606?.warnings ?? []),
  ];
  if (rothIra) {
    const warning = rothIraBasisWarning(state, rothIra, accounts);
    if (warning) warnings.push(warning);
  }
  return {
    year,
    asOf,
    yearComplete,
    accounts: accounts.sort((a, b) => a.account.localeCompare(b.account)),
    form8606,
    rothIra,
    expected1099Rs: state.expected1099Rs.filter((e) => e.taxYear === year),
    openClocks: clocks,
    findings: reconcile(state).filter((f) => f.taxYear === year),
    steps,
    warnings,
  };
}

/**
 * The accounts' basis columns follow each Roth IRA's own withdrawals; the tax basis follows the year-end
 * ordering over all of them (Treas. Reg. §1.408A-6 Q&A-9). Says so when the two totals differ.
 */
function rothIraBasisWarning(
  state: LedgerState,
  rothIra: RothIraYear,
  accounts: readonly AccountYear[],
): Warning | null {
  let conversionsLeft = 0;
  for (const account of state.accounts.values()) {
    for (const layer of account.layers) {
      if (layer.year <= rothIra.year) conversionsLeft += layer.amount - orderedOutBy(layer, rothIra.year);
    }
  }
  const byAccount = accounts.filter((a) => a.kind === "roth-ira").reduce((s, a) => s + a.basis, 0);
  if (byAccount === rothIra.contributionBasisLeft + conversionsLeft) return null;
  return {
    code: "ROTH_IRA_BASIS_BY_ACCOUNT",
    message: `The Roth IRAs' basis columns (${formatUsd(cents(byAccount))} at December 31) follow each account's own withdrawals; ordered at year end over all Roth IRAs (Treas. Reg. §1.408A-6 Q&A-9), ${formatUsd(rothIra.contributionBasisLeft)} of regular contributions (including any made for ${rothIra.year} by its deadline) and ${formatUsd(cents(conversionsLeft))} of conversions and rollovers remain unrecovered: use these for Form 8606 Part III.`,
  };
}

const cell = (amount: Cents | null) => (amount === null ? "not checked" : formatUsd(amount));

/** The yearly report as Markdown (the same text in the CLI and the web app). */
export function renderYearReportMarkdown(report: YearReport): string {
  const when = report.yearComplete
    ? "December 31"
    : `as of ${report.asOf}, the last event: the year is not over`;
  const out: string[] = [`# Basis ledger — ${report.year}`, "", `## Accounts (${when})`, ""];
  out.push(
    "| account | kind | contributions | employer | moved out | moved in | distributions | taxable | balance | basis | earnings |",
  );
  out.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const a of report.accounts) {
    out.push(
      `| ${a.account} | ${a.kind} | ${[a.contributions, a.employerContributions, a.movedOut, a.movedIn, a.distributions].map(formatUsd).join(" | ")} | ${cell(a.taxable)} | ${formatUsd(a.balance)} | ${formatUsd(a.basis)} | ${formatUsd(a.earnings)} |`,
    );
  }
  if (report.accounts.length === 0) out.push("", "No accounts.");
  out.push("", "## Form 8606", "");
  if (report.form8606 && Object.keys(report.form8606.lines).length === 0) {
    out.push(
      `Not required for ${report.year} (no nondeductible contributions, and no distributions or conversions with basis); basis carried forward: ${formatUsd(report.form8606.basisCarriedForward)}.`,
    );
  } else if (report.form8606) {
    out.push("| line | what it is | amount |", "|---|---|---:|");
    const form = report.form8606;
    for (const line of FORM_8606_LINES) {
      const label = FORM_8606_LINE_LABELS[line];
      if (line === "10") {
        if (form.line10) out.push(`| 10 | ${label} | ${formatRational(form.line10, 6)} (exact ratio) |`);
        continue;
      }
      const amount = form.lines[line];
      if (amount !== undefined) out.push(`| ${line} | ${label} | ${formatUsd(amount)} |`);
    }
  } else {
    out.push("No traditional IRA in the ledger this year.");
  }
  out.push("", "## Roth IRA distributions (year-end ordering, all Roth IRAs together)", "");
  const roth = report.rothIra;
  if (roth) {
    out.push("| ordered out of | amount |", "|---|---:|");
    out.push(
      `| regular contributions (basis ${formatUsd(roth.contributionBasis)}) | ${formatUsd(roth.fromContributions)} |`,
    );
    for (const l of roth.fromConversions) {
      out.push(
        `| ${l.conversionYear} conversions and rollovers, taxable part | ${cell(l.taxable)} |`,
        `| ${l.conversionYear} conversions and rollovers, nontaxable part | ${cell(l.nontaxable)} |`,
      );
    }
    out.push(`| earnings | ${formatUsd(roth.earnings)} |`);
    out.push(
      "",
      `Taxable conversion amounts within five years (10% additional tax unless an exception applies): ${cell(roth.exposedToAdditionalTax)}; regular-contribution basis left: ${formatUsd(roth.contributionBasisLeft)}.`,
    );
  } else {
    out.push("No Roth IRA distributions this year.");
  }
  out.push("", "## Expected Forms 1099-R", "");
  if (report.expected1099Rs.length === 0) out.push("None.");
  else {
    out.push("| payer | box 1 | box 2a | box 5 | box 7 |", "|---|---:|---:|---:|---|");
    for (const e of report.expected1099Rs) {
      out.push(
        `| ${e.payer} | ${formatUsd(e.box1)} | ${cell(e.box2a)} | ${cell(e.box5)} | ${e.code ?? "by age (1, 2 or 7)"} |`,
      );
    }
  }
  out.push("", "## Open five-year clocks", "");
  if (report.openClocks.length === 0) out.push("None.");
  for (const c of report.openClocks) {
    const exposed =
      c.taxable === null ? "" : `, taxable part exposed to the 10% tax: ${formatUsd(c.taxable)}`;
    out.push(
      `- ${c.account}: ${c.rule} clock from ${c.startYear}, ends ${c.endsOn}${exposed} (${c.citation})`,
    );
  }
  out.push("", "## Reconciliation", "");
  if (report.findings.length === 0) out.push("No disagreements.");
  for (const f of report.findings) out.push(`- **${f.level}** ${f.code}: ${f.message}`);
  for (const w of report.warnings) out.push(`- warning ${w.code}: ${w.message}`);
  return `${out.join("\n")}\n`;
}
