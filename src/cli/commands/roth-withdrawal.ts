import {
  type Cents,
  type ConversionLayer,
  conversionsByYear,
  FORM_8606_LINES,
  fiveTaxableYearPeriod,
  formatUsd,
  isWithinFiveTaxableYears,
  rothWithdrawal,
  ZERO,
} from "@megaroth/core/typed";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { integerOption, moneyOption } from "../options.js";
import {
  dollars,
  formLinesJson,
  printJson,
  printRows,
  printSteps,
  printTable,
  printWarnings,
  stepsJson,
} from "../output.js";
import { exactAgeOption } from "./split.js";

interface RothWithdrawalOptions {
  year: number;
  amount: Cents;
  age: number;
  regularContributions: Cents;
  conversion?: ConversionLayer[];
  firstRothYear?: number;
  disabled?: boolean;
  exception?: boolean;
  firstTimeHomebuyer: Cents;
  json?: boolean;
  explain?: boolean;
}

/** "2022:2000:28000" — a year's conversions: year, taxable portion, nontaxable portion. */
function conversionOption(text: string, previous: ConversionLayer[] = []): ConversionLayer[] {
  const parts = text.split(":");
  if (parts.length !== 3) {
    throw new UsageError(
      `--conversion: "${text}" is not allowed (allowed: YEAR:TAXABLE:NONTAXABLE, e.g. 2022:2000:28000)`,
    );
  }
  return [
    ...previous,
    {
      year: integerOption("--conversion", 1998, 2100)(parts[0]!),
      taxablePortion: moneyOption("--conversion")(parts[1]!),
      nontaxablePortion: moneyOption("--conversion")(parts[2]!),
    },
  ];
}

export function registerRothWithdrawal(command: Command): void {
  command
    .requiredOption("--year <year>", "year of the withdrawal", integerOption("--year", 1998, 2100))
    .requiredOption(
      "--amount <dollars>",
      "amount to withdraw (all Roth IRAs, the whole year)",
      moneyOption("--amount"),
    )
    .requiredOption("--age <years>", "age on the withdrawal date (59.5 = 59½)", exactAgeOption("--age"))
    .option(
      "--regular-contributions <dollars>",
      "regular Roth IRA contributions not yet withdrawn",
      moneyOption("--regular-contributions"),
      ZERO,
    )
    .option(
      "--conversion <year:taxable:nontaxable>",
      "conversions or plan rollovers of a year not yet withdrawn (repeatable)",
      conversionOption,
    )
    .option(
      "--first-roth-year <year>",
      "first year of any Roth IRA contribution or conversion (default: the earliest --conversion)",
      integerOption("--first-roth-year", 1998, 2100),
    )
    .option("--disabled", "disabled (or a beneficiary after death)")
    .option("--exception", "another exception to the 10% additional tax applies (IRC §72(t)(2))")
    .option(
      "--first-time-homebuyer <dollars>",
      "qualified first-time homebuyer expenses",
      moneyOption("--first-time-homebuyer"),
      ZERO,
    )
    .option("--json", "machine-readable output (money in dollars)")
    .option("--explain", "print every step with its citation")
    .action((opts: RothWithdrawalOptions) => {
      const conversion = opts.conversion ?? [];
      const years = conversion.map((c) => c.year);
      const firstRothYear = opts.firstRothYear ?? (years.length > 0 ? Math.min(...years) : undefined);
      if (firstRothYear === undefined) {
        throw new UsageError(
          "--first-roth-year: required when no --conversion is given (allowed: 1998–2100)",
        );
      }
      if (firstRothYear > opts.year || (years.length > 0 && firstRothYear > Math.min(...years))) {
        throw new UsageError(
          `--first-roth-year: ${firstRothYear} is after the withdrawal year or the first --conversion (allowed: up to ${Math.min(opts.year, ...years)})`,
        );
      }
      const late = years.find((y) => y > opts.year);
      if (late !== undefined)
        throw new UsageError(`--conversion: ${late} is after the withdrawal year ${opts.year}`);
      const w = rothWithdrawal({
        year: opts.year,
        amount: opts.amount,
        ageAtDistribution: opts.age,
        disabledOrDeceased: Boolean(opts.disabled),
        otherExceptionTo72t: Boolean(opts.exception),
        regularContributionBasis: opts.regularContributions,
        conversions: conversion,
        firstRothYear,
        firstTimeHomebuyerExpenses: opts.firstTimeHomebuyer,
      });
      const lines = formLinesJson(w.form8606Lines, FORM_8606_LINES, dollars);
      if (opts.json) {
        printJson({
          year: opts.year,
          amount: dollars(opts.amount),
          qualified: w.qualified,
          fiveYearPeriodMet: w.fiveYearPeriodMet,
          ordering: w.layers.map((l) => ({
            source: l.source,
            amount: dollars(l.amount),
            tax: dollars(l.tax),
            penalty: dollars(l.penalty),
          })),
          taxableAmount: dollars(w.includibleInIncome),
          additionalTax10Pct: dollars(w.additionalTax10Pct),
          homebuyerExceptionTo10Pct: dollars(w.homebuyerExceptionTo10Pct),
          form8606: lines,
          fiveYearClocks: conversionsByYear(conversion).map((c) => {
            const period = fiveTaxableYearPeriod(c.year);
            return {
              conversionYear: c.year,
              taxablePortion: dollars(c.taxablePortion),
              endsOn: period.endsOn,
              openInWithdrawalYear: isWithinFiveTaxableYears(c.year, opts.year),
            };
          }),
          warnings: w.warnings,
          steps: stepsJson(w.steps),
        });
        return;
      }
      printRows(
        ["From", "Amount", "Taxable", "10% tax"],
        w.layers.map((l) => [l.source, formatUsd(l.amount), formatUsd(l.tax), formatUsd(l.penalty)]),
      );
      printTable([
        ["Qualified distribution", w.qualified ? "yes" : "no"],
        ["Five-year period met", w.fiveYearPeriodMet ? "yes" : "no"],
        ["Taxable amount", formatUsd(w.includibleInIncome)],
        ["10% additional tax", formatUsd(w.additionalTax10Pct)],
        ...Object.entries(w.form8606Lines).map(
          ([k, v]) => [`Form 8606 line ${k}`, formatUsd(v)] as [string, string],
        ),
      ]);
      printWarnings(w.warnings);
      if (opts.explain) printSteps(w.steps);
    });
}
