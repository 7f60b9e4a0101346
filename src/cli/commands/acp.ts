import type { BasisPoints } from "@megaroth/core/typed";
import {
  type AcpResult,
  type Cents,
  divideRounded,
  FIRST_PLAN_YEAR_NHCE_ACP,
  formatAcp,
  formatRational,
  formatUsd,
  type Rational,
  type RefundOrder,
  rational,
  supportedYears,
} from "@megaroth/core/typed";
import type { Command } from "commander";
import { acpTestOfFile } from "../../batch/acp-file.js";
import { describeBadRows, ParticipantCsvError } from "../../batch/participant-csv.js";
import { UsageError } from "../errors.js";
import { percentOption } from "../options.js";
import {
  dollars,
  printJson,
  printRows,
  printSteps,
  printTable,
  printWarnings,
  stepsJson,
} from "../output.js";

interface AcpOptions {
  year: number;
  priorYearTesting?: boolean;
  priorYearNhceAcp?: BasisPoints;
  firstPlanYear?: boolean;
  refundOrder: RefundOrder;
  safeHarborMatch?: boolean;
  json?: boolean;
  explain?: boolean;
}

const REFUNDS_SHOWN = 20;

/**
 * Plan years the test can run for: the §401(a)(17) limit of the year and the HCE threshold of the
 * look-back year (the year before) must both be published.
 */
export function acpYears(): number[] {
  const lookBack = new Set(supportedYears("hceThreshold").map((y) => y + 1));
  return supportedYears("compensationLimit").filter((y) => lookBack.has(y));
}

export function acpYearOption(text: string): number {
  const years = acpYears();
  const year = /^\d{4}$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!years.includes(year)) {
    throw new UsageError(
      `--year: "${text}" is not a supported plan year (allowed: ${years[0]}–${years[years.length - 1]}; HCE status needs the prior year's threshold)`,
    );
  }
  return year;
}

function refundOrderOption(text: string): RefundOrder {
  if (text === "after-tax-first" || text === "match-first") return text;
  throw new UsageError(`--refund-order: "${text}" is not allowed (allowed: after-tax-first, match-first)`);
}

/** A basis-point rational as a JSON number of percent, rounded half-up to 4 decimals. */
function percentJson(bp: Rational | null): number | null {
  if (bp === null) return null;
  return Number(divideRounded(bp.numerator * 100n, bp.denominator, "half-up")) / 10_000;
}

/** The exact percentage as a fraction ("26275/2000"), so a reader can check a comparison the rounding hides. */
function percentExact(bp: Rational | null): string | null {
  if (bp === null) return null;
  const percent = rational(bp.numerator, bp.denominator * 100n);
  return percent.denominator === 1n
    ? String(percent.numerator)
    : `${percent.numerator}/${percent.denominator}`;
}

function bpRational(bp: BasisPoints | null): Rational | null {
  return bp === null ? null : rational(bp, 1);
}

export function acpJson(r: AcpResult, participants: number) {
  return {
    year: r.year,
    testing: r.testing,
    safeHarborMatchExcluded: r.safeHarborMatchExcluded,
    lookBackYear: r.lookBackYear,
    hceThreshold: dollars(r.hceThreshold),
    compensationLimit: dollars(r.compensationLimit),
    participants,
    hceCount: r.hceCount,
    nhceCount: r.nhceCount,
    hceAcp: percentJson(r.hceAcp),
    nhceAcp: percentJson(r.nhceAcp),
    maxHceAcp: percentJson(r.maxHceAcp),
    passes: r.passes,
    exact: {
      hceAcp: percentExact(r.hceAcp),
      nhceAcp: percentExact(r.nhceAcp),
      maxHceAcp: percentExact(r.maxHceAcp),
    },
    highestPermittedAcr: percentJson(bpRational(r.highestPermittedAcr)),
    totalExcess: dollars(r.totalExcess),
    refundDeadline: r.refundDeadline,
    maxUniformHceAfterTaxPct: percentJson(bpRational(r.maxUniformHceAfterTax)),
    refunds: r.refunds.map((x) => ({
      id: x.id,
      amount: dollars(x.amount),
      afterTax: dollars(x.afterTax),
      earnings: x.earnings === null ? null : dollars(x.earnings),
      excess: dollars(x.excess),
      match: dollars(x.match),
      taxable: dollars(x.taxable),
      basis: dollars(x.basis),
      contributions: dollars(x.contributions),
      form1099RCode: x.form1099RCode,
    })),
    leveling: r.leveling.map((l) => ({ id: l.id, reduction: dollars(l.reduction) })),
    warnings: r.warnings,
    steps: stepsJson(r.steps),
  };
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function orDash(amount: Cents | null): string {
  return amount === null ? "—" : formatUsd(amount);
}

function printAcp(r: AcpResult, participants: number): void {
  const rows: [string, string][] = [
    ["Eligible employees", `${count(participants)} (${count(r.hceCount)} HCEs, ${count(r.nhceCount)} NHCEs)`],
    [`HCE threshold (${r.lookBackYear} pay over)`, formatUsd(r.hceThreshold)],
    [
      r.testing === "prior-year" ? "NHCE ACP (prior year)" : "NHCE ACP",
      r.nhceAcp ? formatAcp(r.nhceAcp) : "— (no NHCEs)",
    ],
    ["Highest HCE ACP that passes", r.maxHceAcp ? formatAcp(r.maxHceAcp) : "no limit (deemed to pass)"],
    ["HCE ACP", r.hceAcp ? formatAcp(r.hceAcp) : "— (no HCEs)"],
    ["Result", r.passes ? "PASSES" : "FAILS"],
  ];
  if (r.safeHarborMatchExcluded) {
    rows.unshift(["Safe-harbor match (IRC 401(m)(11))", "left out; after-tax tested"]);
  }
  if (r.highestPermittedAcr !== null) {
    rows.push(
      ["HCE ACRs leveled to", formatAcp(rational(r.highestPermittedAcr, 1))],
      ["Excess aggregate contributions", formatUsd(r.totalExcess)],
    );
  }
  if (r.maxUniformHceAfterTax !== null) {
    rows.push([
      "What-if: highest uniform HCE after-tax election",
      `${formatRational(rational(r.maxUniformHceAfterTax, 100), 2)}% of pay`,
    ]);
  }
  printTable(rows);
  if (r.refunds.length > 0) {
    process.stdout.write("Refunds, highest dollar amount first (Form 1099-R code 8):\n");
    printRows(
      ["id", "excess", "after-tax", "match", "earnings", "amount"],
      r.refunds
        .slice(0, REFUNDS_SHOWN)
        .map((x) => [
          x.id,
          formatUsd(x.excess),
          formatUsd(x.afterTax),
          formatUsd(x.match),
          orDash(x.earnings),
          formatUsd(x.amount),
        ]),
    );
    if (r.refunds.length > REFUNDS_SHOWN) {
      process.stdout.write(
        `… and ${r.refunds.length - REFUNDS_SHOWN} more refunds (all of them with --json)\n`,
      );
    }
  }
  printWarnings(r.warnings);
}

function priorYearNhceAcp(opts: AcpOptions): Rational | null {
  if (!opts.priorYearTesting) {
    if (opts.priorYearNhceAcp !== undefined || opts.firstPlanYear) {
      throw new UsageError("--prior-year-nhce-acp / --first-plan-year: only with --prior-year-testing");
    }
    return null;
  }
  if (opts.firstPlanYear && opts.priorYearNhceAcp !== undefined) {
    throw new UsageError("--first-plan-year: not with --prior-year-nhce-acp (the first plan year uses 3%)");
  }
  if (opts.firstPlanYear) return FIRST_PLAN_YEAR_NHCE_ACP;
  if (opts.priorYearNhceAcp === undefined) {
    throw new UsageError(
      "--prior-year-testing: needs --prior-year-nhce-acp PERCENT (last year's NHCE ACP, 0–100%) or --first-plan-year",
    );
  }
  return rational(opts.priorYearNhceAcp, 1);
}

/** `megaroth acp FILE.csv --year Y`: the ACP test of a participant file, its correction and the what-if. */
export function registerAcp(command: Command): void {
  command
    .argument("<file>", "participant CSV (columns: docs/participant-csv.md)")
    .requiredOption("--year <year>", "plan year (calendar)", acpYearOption)
    .option("--prior-year-testing", "compare with the NHCE ACP of the preceding plan year")
    .option(
      "--prior-year-nhce-acp <percent>",
      "that NHCE ACP (with --prior-year-testing)",
      percentOption("--prior-year-nhce-acp"),
    )
    .option("--first-plan-year", "first plan year: the prior-year NHCE ACP is 3% (IRC 401(m)(3))")
    .option(
      "--refund-order <order>",
      "which source refunds come from first: after-tax-first or match-first",
      refundOrderOption,
      "after-tax-first",
    )
    .option(
      "--safe-harbor-match",
      "the match is a safe-harbor match (IRC 401(m)(11)): leave it out and test the after-tax contributions alone",
    )
    .option("--json", "machine-readable output (money in dollars, percentages as numbers)")
    .option("--explain", "print every step with its citation")
    .action(async (file: string, opts: AcpOptions) => {
      const priorYear = priorYearNhceAcp(opts);
      let outcome: Awaited<ReturnType<typeof acpTestOfFile>>;
      try {
        outcome = await acpTestOfFile(file, opts.year, {
          priorYearNhceAcp: priorYear,
          refundOrder: opts.refundOrder,
          safeHarborMatch: opts.safeHarborMatch ?? false,
        });
      } catch (error) {
        if (error instanceof ParticipantCsvError) throw new UsageError(error.message);
        throw error;
      }
      if (outcome.result === null) {
        throw new UsageError(
          `${file}: ${outcome.badRowCount} bad row${outcome.badRowCount > 1 ? "s" : ""}, nothing tested — ${describeBadRows(outcome.badRows, outcome.badRowCount)}`,
        );
      }
      if (opts.json) {
        printJson(acpJson(outcome.result, outcome.rows));
        return;
      }
      printAcp(outcome.result, outcome.rows);
      if (opts.explain) printSteps(outcome.result.steps);
    });
}
