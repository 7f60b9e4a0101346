import {
  type Cents,
  FORM_8606_LINE_LABELS,
  FORM_8606_LINES,
  type Form8606,
  form8606,
  formatRational,
  formatUsd,
  type RatioPrecision,
  ZERO,
} from "@megaroth/core/typed";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { integerOption, moneyOption } from "../options.js";
import {
  dollars,
  printJson,
  printRows,
  printSteps,
  printTable,
  printWarnings,
  stepsJson,
} from "../output.js";
import { choiceOption } from "./convert.js";

interface Form8606Options {
  year: number;
  nondeductibleContributions: Cents;
  deductibleContributions?: Cents;
  priorBasis: Cents;
  contributionsNextYear: Cents;
  yearEndValue: Cents;
  outstandingRollovers: Cents;
  distributions: Cents;
  converted: Cents;
  ratio: RatioPrecision;
  rothDistributions?: Cents;
  firstTimeHomebuyer: Cents;
  regularContributionBasis: Cents;
  conversionBasis: Cents;
  json?: boolean;
  explain?: boolean;
}

/** Line 10 as a decimal: six places for the exact ratio, three for the form's rounding. */
function line10Text(form: Form8606): string | null {
  if (!form.line10) return null;
  return formatRational(form.line10, form.ratioPrecision === "exact" ? 6 : 3);
}

/** Lines by number, in the form's order (a Map: see `jsonText`). */
function linesJson(form: Form8606): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of FORM_8606_LINES) {
    if (line === "10") {
      const text = line10Text(form);
      if (text !== null) out.set(line, Number(text));
      continue;
    }
    const amount = form.lines[line];
    if (amount !== undefined) out.set(line, dollars(amount));
  }
  return out;
}

export function registerForm8606(command: Command): void {
  command
    .requiredOption("--year <year>", "tax year", integerOption("--year", 2007, 2100))
    .option(
      "--nondeductible-contributions <dollars>",
      "line 1",
      moneyOption("--nondeductible-contributions"),
      ZERO,
    )
    .option(
      "--deductible-contributions <dollars>",
      "deductible contributions for the year (uses Pub 590-B Worksheet 1-1 when there are distributions)",
      moneyOption("--deductible-contributions"),
    )
    .option("--prior-basis <dollars>", "line 2: last year's line 14", moneyOption("--prior-basis"), ZERO)
    .option(
      "--contributions-next-year <dollars>",
      "line 4: part of line 1 made Jan 1–Apr 15 of next year",
      moneyOption("--contributions-next-year"),
      ZERO,
    )
    .option(
      "--year-end-value <dollars>",
      "line 6: Dec 31 value of all traditional, SEP and SIMPLE IRAs",
      moneyOption("--year-end-value"),
      ZERO,
    )
    .option(
      "--outstanding-rollovers <dollars>",
      "line 6: plus outstanding rollovers",
      moneyOption("--outstanding-rollovers"),
      ZERO,
    )
    .option(
      "--distributions <dollars>",
      "line 7: distributions not rolled over or converted",
      moneyOption("--distributions"),
      ZERO,
    )
    .option(
      "--converted <dollars>",
      "line 8 / 16: net amount converted to Roth IRAs",
      moneyOption("--converted"),
      ZERO,
    )
    .option(
      "--ratio <precision>",
      "line 10: exact | 3dp",
      choiceOption("--ratio", ["exact", "3dp"] as const),
      "exact",
    )
    .option(
      "--roth-distributions <dollars>",
      "Part III line 19: nonqualified Roth IRA distributions",
      moneyOption("--roth-distributions"),
    )
    .option("--first-time-homebuyer <dollars>", "line 20", moneyOption("--first-time-homebuyer"), ZERO)
    .option(
      "--regular-contribution-basis <dollars>",
      "line 22",
      moneyOption("--regular-contribution-basis"),
      ZERO,
    )
    .option("--conversion-basis <dollars>", "line 24", moneyOption("--conversion-basis"), ZERO)
    .option("--json", "machine-readable output (money in dollars)")
    .option("--explain", "print every step with its citation")
    .action((opts: Form8606Options) => {
      if (opts.contributionsNextYear > opts.nondeductibleContributions) {
        throw new UsageError(
          "--contributions-next-year: more than --nondeductible-contributions (allowed: up to line 1)",
        );
      }
      const partIII = opts.firstTimeHomebuyer + opts.regularContributionBasis + opts.conversionBasis;
      if (opts.rothDistributions === undefined && partIII > 0) {
        throw new UsageError(
          "--roth-distributions: required with the Part III flags --first-time-homebuyer, --regular-contribution-basis, --conversion-basis",
        );
      }
      const form = form8606({
        year: opts.year,
        nondeductibleContributions: opts.nondeductibleContributions,
        deductibleContributions: opts.deductibleContributions,
        priorBasis: opts.priorBasis,
        contributionsMadeNextYear: opts.contributionsNextYear,
        yearEndValue: opts.yearEndValue,
        outstandingRollovers: opts.outstandingRollovers,
        distributions: opts.distributions,
        converted: opts.converted,
        ratioPrecision: opts.ratio,
        rothDistribution:
          opts.rothDistributions === undefined
            ? undefined
            : {
                nonqualifiedDistributions: opts.rothDistributions,
                firstTimeHomebuyerExpenses: opts.firstTimeHomebuyer,
                regularContributionBasis: opts.regularContributionBasis,
                conversionAndRolloverBasis: opts.conversionBasis,
              },
      });
      if (opts.json) {
        printJson({
          year: form.year,
          ratioPrecision: form.ratioPrecision,
          line10Exact: form.line10Exact
            ? `${form.line10Exact.numerator}/${form.line10Exact.denominator}`
            : null,
          lines: linesJson(form),
          taxableAmount: dollars(form.taxableAmount),
          basisCarriedForward: dollars(form.basisCarriedForward),
          worksheet1_1: form.worksheet11 && {
            w3: dollars(form.worksheet11.w3),
            w6: dollars(form.worksheet11.w6),
            w7: Number(formatRational(form.worksheet11.w7, form.ratioPrecision === "exact" ? 6 : 3)),
            w8Nontaxable: dollars(form.worksheet11.w8Nontaxable),
            w9Taxable: dollars(form.worksheet11.w9Taxable),
          },
          warnings: form.warnings,
          steps: stepsJson(form.steps),
        });
        return;
      }
      const rows = FORM_8606_LINES.flatMap((line) => {
        if (line === "10") {
          const text = line10Text(form);
          return text === null ? [] : [[line, FORM_8606_LINE_LABELS[line], text]];
        }
        const amount = form.lines[line];
        return amount === undefined ? [] : [[line, FORM_8606_LINE_LABELS[line], formatUsd(amount)]];
      });
      printRows(["Line", "What it is", "Amount"], rows);
      printTable([
        [
          "Line 10 precision",
          form.ratioPrecision === "exact" ? "exact fraction" : "3 decimal places (form minimum)",
        ],
        ["Taxable amount (15c + 18 + 25c; all of it with no basis)", formatUsd(form.taxableAmount)],
        ["Basis carried to next year's line 2", formatUsd(form.basisCarriedForward)],
      ]);
      printWarnings(form.warnings);
      if (opts.explain) printSteps(form.steps);
    });
}
