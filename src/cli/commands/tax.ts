import type { FilingStatus } from "@megaroth/core/typed";
import {
  type Cents,
  capitalGainWorksheet,
  capitalGainWorksheetSteps,
  formatPercent,
  formatUsd,
  incomeTaxExplained,
  marginalRateWithGainsPct,
  taxOnAddedIncome,
} from "@megaroth/core/typed";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { filingStatusOption, moneyOption, yearOption } from "../options.js";
import { dollars, printJson, printSteps, printTable, stepsJson } from "../output.js";

interface TaxOptions {
  year: number;
  filingStatus: FilingStatus;
  taxableIncome: Cents;
  add?: Cents;
  ltcg?: Cents;
  json?: boolean;
  explain?: boolean;
}

export function registerTax(command: Command): void {
  command
    .requiredOption("--year <year>", "tax year", yearOption("ordinaryIncomeBrackets"))
    .requiredOption("--filing-status <status>", "single | mfj | mfs | hoh", filingStatusOption)
    .requiredOption(
      "--taxable-income <dollars>",
      "taxable income (after deductions)",
      moneyOption("--taxable-income"),
    )
    .option("--add <dollars>", "added ordinary income, e.g. conversion earnings", moneyOption("--add"))
    .option(
      "--ltcg <dollars>",
      "qualified dividends and net long-term capital gain, included in --taxable-income (Form 1040 line 15)",
      moneyOption("--ltcg"),
    )
    .option("--json", "machine-readable output (money in dollars)")
    .option("--explain", "print every step with its citation")
    .action((opts: TaxOptions) => {
      const gains = opts.ltcg ?? null;
      // The gains are part of taxable income; more than it would change nothing (worksheet lines 5 and 10).
      if (gains !== null && gains > opts.taxableIncome) {
        throw new UsageError(
          `--ltcg: ${formatUsd(gains)} is more than --taxable-income (allowed: up to ${formatUsd(opts.taxableIncome)}, the part of it that is gains)`,
        );
      }
      // With gains, the tax is the QDCG worksheet's line 25 (IRC §1(h)(1)); without, the rate schedule.
      const worksheet =
        gains === null ? null : capitalGainWorksheet(opts.year, opts.filingStatus, opts.taxableIncome, gains);
      const ordinary = worksheet
        ? null
        : incomeTaxExplained(opts.year, opts.filingStatus, opts.taxableIncome);
      const tax = worksheet ? worksheet.line25 : ordinary!.tax;
      const baseSteps = worksheet ? capitalGainWorksheetSteps(opts.year, worksheet) : ordinary!.steps;
      const added =
        opts.add === undefined
          ? null
          : taxOnAddedIncome(opts.year, opts.filingStatus, opts.taxableIncome, opts.add, gains ?? undefined);
      const marginalRate = added
        ? added.marginalRatePct
        : gains === null
          ? ordinary!.marginalRatePct
          : marginalRateWithGainsPct(opts.year, opts.filingStatus, opts.taxableIncome, gains);
      const steps = [...baseSteps, ...(added?.steps ?? [])];
      if (opts.json) {
        printJson({
          year: opts.year,
          filingStatus: opts.filingStatus,
          taxableIncome: dollars(opts.taxableIncome),
          ...(worksheet && { ltcg: dollars(worksheet.line4) }),
          tax: dollars(tax),
          ...(worksheet && {
            qdcgWorksheet: Object.fromEntries(
              Object.entries(worksheet).map(([k, v]) => [k.replace("line", ""), dollars(v)]),
            ),
          }),
          ...(added && {
            added: dollars(opts.add!),
            taxWithAdded: dollars(added.taxWithAdded),
            incrementalTax: dollars(added.incrementalTax),
            effectiveRateOnAdded: added.effectiveRateBp / 100,
          }),
          marginalRate,
          steps: stepsJson(steps),
        });
        return;
      }
      const rows: [string, string][] = [["Tax", formatUsd(tax)]];
      if (worksheet) {
        rows.push(["Tax with gains stacked (worksheet line 23)", formatUsd(worksheet.line23)]);
        rows.push(["Tax at ordinary rates on all of it (line 24)", formatUsd(worksheet.line24)]);
      }
      if (added) {
        rows.push(["Tax with added amount", formatUsd(added.taxWithAdded)]);
        rows.push([`Incremental tax on ${formatUsd(opts.add!)}`, formatUsd(added.incrementalTax)]);
        rows.push(["Effective rate on the added amount", formatPercent(added.effectiveRateBp)]);
      }
      rows.push(["Marginal rate", `${marginalRate}%`]);
      printTable(rows);
      if (opts.explain) printSteps(steps);
    });
}
