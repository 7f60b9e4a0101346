import type { FilingStatus } from "@megaroth/core/typed";
import {
  type Cents,
  formatPercent,
  formatUsd,
  incomeTaxExplained,
  taxOnAddedIncome,
} from "@megaroth/core/typed";
import type { Command } from "commander";
import { filingStatusOption, moneyOption, yearOption } from "../options.js";
import { dollars, printJson, printSteps, printTable, stepsJson } from "../output.js";

interface TaxOptions {
  year: number;
  filingStatus: FilingStatus;
  taxableIncome: Cents;
  add?: Cents;
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
    .option("--json", "machine-readable output (money in dollars)")
    .option("--explain", "print every step with its citation")
    .action((opts: TaxOptions) => {
      const base = incomeTaxExplained(opts.year, opts.filingStatus, opts.taxableIncome);
      const added =
        opts.add === undefined
          ? null
          : taxOnAddedIncome(opts.year, opts.filingStatus, opts.taxableIncome, opts.add);
      const marginalRate = added ? added.marginalRatePct : base.marginalRatePct;
      if (opts.json) {
        printJson({
          year: opts.year,
          filingStatus: opts.filingStatus,
          taxableIncome: dollars(opts.taxableIncome),
          tax: dollars(base.tax),
          ...(added && {
            added: dollars(opts.add!),
            taxWithAdded: dollars(added.taxWithAdded),
            incrementalTax: dollars(added.incrementalTax),
            effectiveRateOnAdded: added.effectiveRateBp / 100,
          }),
          marginalRate,
          steps: stepsJson([...base.steps, ...(added?.steps ?? [])]),
        });
        return;
      }
      const rows: [string, string][] = [["Tax", formatUsd(base.tax)]];
      if (added) {
        rows.push(["Tax with added amount", formatUsd(added.taxWithAdded)]);
        rows.push([`Incremental tax on ${formatUsd(opts.add!)}`, formatUsd(added.incrementalTax)]);
        rows.push(["Effective rate on the added amount", formatPercent(added.effectiveRateBp)]);
      }
      rows.push(["Marginal rate", `${marginalRate}%`]);
      printTable(rows);
      if (opts.explain) printSteps([...base.steps, ...(added?.steps ?? [])]);
    });
}
