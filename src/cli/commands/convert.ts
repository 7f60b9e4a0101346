import type { FilingStatus, PayFrequency } from "@megaroth/core/typed";
import {
  type AfterTaxContribution,
  type BasisPoints,
  basisPoints,
  type Cadence,
  type Cents,
  CONVERSION_ROUTES,
  type ConversionCost,
  type ConversionRoute,
  type ConversionTaxRates,
  compareCadences,
  conversionCost,
  formatPercent,
  formatUsd,
  niitOnConversion,
  parseIsoDate,
  parsePercent,
  paycheckContributions,
  STANDARD_CADENCES,
  ZERO,
} from "@megaroth/core/typed";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { filingStatusOption, integerOption, moneyOption, percentOption, yearOption } from "../options.js";
import {
  dollars,
  printJson,
  printRows,
  printSteps,
  printTable,
  printWarnings,
  stepsJson,
} from "../output.js";
import { form1099RJson } from "./split.js";

interface ConvertOptions {
  year: number;
  filingStatus: FilingStatus;
  taxableIncome?: Cents;
  ltcg?: Cents;
  marginalRate?: BasisPoints;
  stateRate: BasisPoints;
  afterTax?: Cents;
  payFrequency: PayFrequency;
  firstPayDate?: string;
  contribution?: AfterTaxContribution[];
  return?: number;
  cadence?: string;
  dates?: string[];
  lagDays: number;
  route: ConversionRoute;
  fee: Cents;
  magi?: Cents;
  netInvestmentIncome?: Cents;
  json?: boolean;
  explain?: boolean;
}

const PAY_FREQUENCIES: readonly PayFrequency[] = ["weekly", "biweekly", "semimonthly", "monthly"];
const CADENCES = [...STANDARD_CADENCES, "dates"];

export function dateOption(flag: string) {
  return (text: string): string => {
    try {
      parseIsoDate(text.trim());
    } catch {
      throw new UsageError(`${flag}: "${text}" is not a date (allowed: YYYY-MM-DD)`);
    }
    return text.trim();
  };
}

export function choiceOption<T extends string>(flag: string, choices: readonly T[]) {
  return (text: string): T => {
    if (!(choices as readonly string[]).includes(text)) {
      throw new UsageError(`${flag}: "${text}" is not allowed (allowed: ${choices.join(", ")})`);
    }
    return text as T;
  };
}

function contributionOption(text: string, previous: AfterTaxContribution[] = []): AfterTaxContribution[] {
  const [date = "", amount = ""] = text.split(":");
  return [
    ...previous,
    { date: dateOption("--contribution")(date), amount: moneyOption("--contribution")(amount) },
  ];
}

/** A signed annual return such as "7%", "-20%" or "5.5". */
function returnOption(text: string): number {
  const negative = text.trim().startsWith("-");
  let bp: number;
  try {
    bp = parsePercent(negative ? text.trim().slice(1) : text);
  } catch {
    throw new UsageError(
      `--return: "${text}" is not a percentage (allowed: -100% to 100%, at most 2 decimals)`,
    );
  }
  if (bp > 10_000) throw new UsageError(`--return: ${text} is out of range (allowed: -100% to 100%)`);
  return negative ? -bp : bp;
}

function datesOption(text: string): string[] {
  return text.split(",").map((d) => dateOption("--dates")(d));
}

function cadenceFrom(opts: ConvertOptions): Cadence {
  const cadence = opts.cadence ?? (opts.dates ? "dates" : "monthly");
  if (cadence !== "dates") {
    if (opts.dates) throw new UsageError(`--dates: only with --cadence dates (got --cadence ${cadence})`);
    return cadence as Cadence;
  }
  if (!opts.dates) throw new UsageError("--dates: required with --cadence dates (allowed: YYYY-MM-DD,…)");
  const outside = opts.dates.find((d) => parseIsoDate(d).year !== opts.year);
  if (outside) throw new UsageError(`--dates: ${outside} is not in ${opts.year} (allowed: dates in --year)`);
  return { dates: opts.dates };
}

function ratesFrom(opts: ConvertOptions): ConversionTaxRates {
  if (opts.marginalRate !== undefined && opts.taxableIncome !== undefined) {
    throw new UsageError("--marginal-rate: give either --taxable-income or --marginal-rate, not both");
  }
  if (opts.marginalRate !== undefined && opts.ltcg !== undefined) {
    throw new UsageError("--ltcg: only with --taxable-income (the tax schedule), not --marginal-rate");
  }
  if (opts.marginalRate !== undefined) return { kind: "marginal", federalRateBp: opts.marginalRate };
  if (opts.taxableIncome === undefined) {
    throw new UsageError("--taxable-income: required (your other taxable income), or give --marginal-rate");
  }
  if (opts.ltcg !== undefined && opts.ltcg > opts.taxableIncome) {
    throw new UsageError(
      "--ltcg: more than --taxable-income (allowed: the part of --taxable-income that is gains)",
    );
  }
  return {
    kind: "schedule",
    filingStatus: opts.filingStatus,
    baseTaxableIncome: opts.taxableIncome,
    ...(opts.ltcg !== undefined && { qualifiedDividendsAndGains: opts.ltcg }),
  };
}

function contributionsFrom(opts: ConvertOptions): AfterTaxContribution[] {
  if ((opts.contribution ?? []).length > 0 && opts.afterTax !== undefined) {
    throw new UsageError(
      "--after-tax: give either --after-tax (spread over paychecks) or --contribution, not both",
    );
  }
  if ((opts.contribution ?? []).length > 0) {
    const outside = (opts.contribution ?? []).find((c) => parseIsoDate(c.date).year !== opts.year);
    if (outside)
      throw new UsageError(
        `--contribution: ${outside.date} is not in ${opts.year} (allowed: dates in --year)`,
      );
    return opts.contribution ?? [];
  }
  if (opts.afterTax === undefined) {
    throw new UsageError(
      "--after-tax: required (the year's after-tax contributions), or give --contribution DATE:AMOUNT",
    );
  }
  if (opts.firstPayDate && parseIsoDate(opts.firstPayDate).year !== opts.year) {
    throw new UsageError(`--first-pay-date: ${opts.firstPayDate} is not in ${opts.year}`);
  }
  return paycheckContributions(opts.year, opts.afterTax, opts.payFrequency, opts.firstPayDate);
}

function summaryJson(c: ConversionCost) {
  return {
    cadence: c.cadence,
    conversions: c.conversions.length,
    totalTaxable: dollars(c.totalTaxable),
    totalTax: dollars(c.totalTax),
    totalFees: dollars(c.totalFees),
    totalCost: dollars(c.totalCost),
  };
}

export function registerConvert(command: Command): void {
  command
    .requiredOption("--year <year>", "tax year", yearOption("ordinaryIncomeBrackets"))
    .option("--filing-status <status>", "single | mfj | mfs | hoh", filingStatusOption, "single")
    .option(
      "--taxable-income <dollars>",
      "your other taxable income (the conversion is stacked on it)",
      moneyOption("--taxable-income"),
    )
    .option(
      "--marginal-rate <percent>",
      "a stated federal marginal rate instead of the schedule",
      percentOption("--marginal-rate"),
    )
    .option(
      "--state-rate <percent>",
      "flat state income tax rate",
      percentOption("--state-rate"),
      basisPoints(0),
    )
    .option(
      "--after-tax <dollars>",
      "the year's after-tax contributions, spread evenly over paychecks",
      moneyOption("--after-tax"),
    )
    .option(
      "--pay-frequency <f>",
      PAY_FREQUENCIES.join(" | "),
      choiceOption("--pay-frequency", PAY_FREQUENCIES),
      "biweekly",
    )
    .option(
      "--first-pay-date <date>",
      "first paycheck (weekly/biweekly; default the first Friday)",
      dateOption("--first-pay-date"),
    )
    .option(
      "--contribution <date:dollars>",
      "one dated contribution (repeatable), instead of --after-tax",
      contributionOption,
    )
    .option(
      "--return <percent>",
      "annual return assumption (simple interest, actual/365) (default: 7%)",
      returnOption,
    )
    .option("--cadence <c>", `${CADENCES.join(" | ")} (default monthly)`, choiceOption("--cadence", CADENCES))
    .option("--dates <list>", "conversion dates for --cadence dates (YYYY-MM-DD,…)", datesOption)
    .option(
      "--lag-days <n>",
      "days from a paycheck to its automatic conversion (per-paycheck)",
      integerOption("--lag-days", 0, 60),
      0,
    )
    .option(
      "--route <route>",
      CONVERSION_ROUTES.join(" | "),
      choiceOption("--route", CONVERSION_ROUTES),
      "in-plan-roth",
    )
    .option(
      "--ltcg <dollars>",
      "qualified dividends and net long-term capital gain inside --taxable-income (QDCG worksheet)",
      moneyOption("--ltcg"),
    )
    .option("--fee <dollars>", "fee per conversion", moneyOption("--fee"), ZERO)
    .option(
      "--magi <dollars>",
      "MAGI before the conversions (with --net-investment-income: NIIT effect)",
      moneyOption("--magi"),
    )
    .option(
      "--net-investment-income <dollars>",
      "net investment income for the NIIT",
      moneyOption("--net-investment-income"),
    )
    .option("--json", "machine-readable output (money in dollars)")
    .option("--explain", "print every step with its citation")
    .action((opts: ConvertOptions) => {
      opts.return ??= 700; // 7%, in basis points
      if ((opts.magi === undefined) !== (opts.netInvestmentIncome === undefined)) {
        throw new UsageError(
          `${opts.magi === undefined ? "--magi" : "--net-investment-income"}: required with ${opts.magi === undefined ? "--net-investment-income" : "--magi"} for the NIIT effect`,
        );
      }
      const rates = ratesFrom(opts);
      const contributions = contributionsFrom(opts);
      const cadence = cadenceFrom(opts);
      const base = {
        year: opts.year,
        contributions,
        annualReturnBp: opts.return,
        lagDays: opts.lagDays,
        route: opts.route,
        feePerConversion: opts.fee,
        rates,
        stateRateBp: opts.stateRate,
      };
      let result: ConversionCost;
      try {
        result = conversionCost({ ...base, cadence });
      } catch (error) {
        throw new UsageError(`--lag-days: ${(error as Error).message}`);
      }
      const comparison = compareCadences(base);
      const routes = CONVERSION_ROUTES.map((route) => conversionCost({ ...base, cadence, route }));
      const niit =
        opts.magi !== undefined && opts.netInvestmentIncome !== undefined
          ? niitOnConversion(
              opts.year,
              opts.filingStatus,
              opts.magi,
              opts.netInvestmentIncome,
              // Only this year's conversions are this year's MAGI (a lag can carry some into next year).
              result.byTaxYear.find((t) => t.taxYear === opts.year)?.taxable ?? ZERO,
            )
          : null;
      const taxYears = result.byTaxYear.map((t) => t.taxYear);
      const cover =
        taxYears.length > 1 || (taxYears[0] ?? opts.year) !== opts.year
          ? `conversions of ${opts.year} contributions, tax years ${taxYears.join(" and ")}`
          : `${opts.year} conversions`;
      if (opts.json) {
        printJson({
          year: result.year,
          cadence: result.cadence,
          route: result.route,
          returnPct: opts.return / 100,
          totalsCover: { contributionsYear: result.year, taxYears },
          byTaxYear: result.byTaxYear.map((t) => ({
            taxYear: t.taxYear,
            conversions: t.conversions,
            taxable: dollars(t.taxable),
            federalTax: dollars(t.federalTax),
            stateTax: dollars(t.stateTax),
            tax: dollars(t.tax),
          })),
          conversions: result.conversions.map((c) => ({
            date: c.date,
            taxYear: c.taxYear,
            amount: dollars(c.amount),
            basis: dollars(c.basis),
            earnings: dollars(c.earnings),
            taxable: dollars(c.taxable),
            federalTax: dollars(c.federalTax),
            stateTax: dollars(c.stateTax),
            tax: dollars(c.tax),
            fee: dollars(c.fee),
            toTraditionalIra: dollars(c.toTraditionalIra),
            form1099R: { taxYear: c.taxYear, ...form1099RJson(c.form1099R) },
            forms1099R: c.forms1099R.map((f) => ({ taxYear: c.taxYear, ...form1099RJson(f) })),
          })),
          totalContributions: dollars(result.totalContributions),
          totalEarnings: dollars(result.totalEarnings),
          totalTaxable: dollars(result.totalTaxable),
          totalFederalTax: dollars(result.totalFederalTax),
          totalStateTax: dollars(result.totalStateTax),
          totalTax: dollars(result.totalTax),
          totalFees: dollars(result.totalFees),
          totalCost: dollars(result.totalCost),
          totalToTraditionalIra: dollars(result.totalToTraditionalIra),
          unconverted: {
            basis: dollars(result.unconverted.basis),
            earnings: dollars(result.unconverted.earnings),
          },
          unrecoveredBasis: dollars(result.unrecoveredBasis),
          fiveYearClocks: result.fiveYearClocks.map((k) => ({
            conversionYear: k.conversionYear,
            taxableAmount: dollars(k.taxableAmount),
            startsOn: k.period.startsOn,
            endsOn: k.period.endsOn,
          })),
          comparison: comparison.map(summaryJson),
          routeComparison: routes.map((r) => ({
            route: r.route,
            ...summaryJson(r),
            totalToTraditionalIra: dollars(r.totalToTraditionalIra),
          })),
          ...(niit && {
            niit: {
              niitBefore: dollars(niit.niitBefore),
              magiAfter: dollars(niit.magiAfter),
              niitAfter: dollars(niit.niitAfter),
              incrementalNiit: dollars(niit.incrementalNiit),
            },
          }),
          warnings: result.warnings,
          steps: stepsJson(result.steps),
        });
        return;
      }
      printRows(
        ["Date", "Converted", "Basis", "Taxable", "Tax", "1099-R 1 / 2a / 5 / 7"],
        result.conversions.map((c) => [
          c.date,
          formatUsd(c.amount),
          formatUsd(c.basis),
          formatUsd(c.taxable),
          formatUsd(c.tax),
          c.forms1099R
            .map((f) => `${formatUsd(f.box1)} / ${formatUsd(f.box2a)} / ${formatUsd(f.box5)} / ${f.box7}`)
            .join("\n"),
        ]),
      );
      printTable([
        ["Cadence / route", `${result.cadence} / ${result.route}`],
        ["Return assumption", formatPercent(basisPoints(opts.return))],
        ["Totals cover", cover],
        ["Total taxable", formatUsd(result.totalTaxable)],
        ["Total tax", formatUsd(result.totalTax)],
        ...(result.byTaxYear.length > 1
          ? result.byTaxYear.map(
              (t) =>
                [`Tax year ${t.taxYear}: taxable / tax`, `${formatUsd(t.taxable)} / ${formatUsd(t.tax)}`] as [
                  string,
                  string,
                ],
            )
          : []),
        ["Total fees", formatUsd(result.totalFees)],
        ...(niit ? ([["NIIT increase", formatUsd(niit.incrementalNiit)]] as [string, string][]) : []),
      ]);
      printRows(
        ["Cadence", "Conversions", "Taxable", "Tax", "Fees", "Tax + fees"],
        comparison.map((c) => [
          c.cadence,
          String(c.conversions.length),
          formatUsd(c.totalTaxable),
          formatUsd(c.totalTax),
          formatUsd(c.totalFees),
          formatUsd(c.totalCost),
        ]),
      );
      printRows(
        ["Route", "Taxable", "Tax", "To traditional IRA"],
        routes.map((r) => [
          r.route,
          formatUsd(r.totalTaxable),
          formatUsd(r.totalTax),
          formatUsd(r.totalToTraditionalIra),
        ]),
      );
      printWarnings(result.warnings);
      if (opts.explain) printSteps(result.steps);
    });
}
