import type { Command } from "commander";
import { formatUsd, wholeDollars } from "../../core/money/cents.js";
import { citeFigure, FIGURES, type FigureId, figure, figureFrom } from "../../data/figures.js";
import { yearOption } from "../options.js";
import { printJson, printRows } from "../output.js";

const PLAN_LIMITS: readonly FigureId[] = [
  "electiveDeferralLimit",
  "catchUpLimit",
  "catchUp60to63Limit",
  "annualAdditionsLimit",
  "compensationLimit",
  "hceThreshold",
  "iraLimit",
  "iraCatchUpLimit",
  "rothCatchUpWageThreshold",
];

export function registerLimits(program: Command): void {
  program
    .command("limits")
    .description("The year's retirement plan limits, each with its IRS source")
    .requiredOption("--year <year>", "tax year", yearOption("annualAdditionsLimit"))
    .option("--json", "machine-readable output (money in dollars)")
    .action((opts: { year: number; json?: boolean }) => {
      const { year } = opts;
      const values = PLAN_LIMITS.map((id) => {
        const v = figureFrom(id, year) as number | null;
        return { id, value: v, citation: v === null ? null : citeFigure(id, year) };
      });
      if (opts.json) {
        const out: Record<string, unknown> = { year };
        for (const v of values) out[v.id] = v.value === null ? null : wholeDollars(v.value) / 100;
        out.sources = Object.fromEntries(values.filter((v) => v.citation).map((v) => [v.id, v.citation]));
        printJson(out);
        return;
      }
      printRows(
        ["Limit", String(year), "Source"],
        values.map((v) => [
          FIGURES[v.id].description,
          v.value === null ? "n/a (not yet in force)" : formatUsd(wholeDollars(v.value)),
          v.citation ?? FIGURES[v.id].citation,
        ]),
      );
      process.stdout.write(
        `Social Security wage base: ${formatUsd(wholeDollars(figure("socialSecurityWageBase", year)))}\n`,
      );
    });
}
