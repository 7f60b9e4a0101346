import {
  citeFigure,
  FIGURES,
  type FigureId,
  figure,
  figureFrom,
  formatUsd,
  wholeDollars,
} from "@megaroth/core/typed";
import type { Command } from "commander";
import { yearOption } from "../options.js";
import { printJson, printRows } from "../output.js";

/** Each plan limit with the short name the table prints. */
const PLAN_LIMITS: readonly (readonly [FigureId, string])[] = [
  ["electiveDeferralLimit", "Elective deferrals (402(g))"],
  ["catchUpLimit", "Catch-up, age 50+ (414(v))"],
  ["catchUp60to63Limit", "Catch-up, ages 60–63 (414(v)(2)(E))"],
  ["annualAdditionsLimit", "Annual additions (415(c))"],
  ["compensationLimit", "Compensation limit (401(a)(17))"],
  ["hceThreshold", "HCE compensation threshold (414(q))"],
  ["iraLimit", "IRA contributions (219(b)(5)(A))"],
  ["iraCatchUpLimit", "IRA catch-up, age 50+ (219(b)(5)(B))"],
  ["rothCatchUpWageThreshold", "Roth catch-up wage threshold (414(v)(7))"],
];

export function registerLimits(command: Command): void {
  command
    .requiredOption("--year <year>", "tax year", yearOption("annualAdditionsLimit"))
    .option("--json", "machine-readable output (money in dollars)")
    .action((opts: { year: number; json?: boolean }) => {
      const { year } = opts;
      const values = PLAN_LIMITS.map(([id, label]) => {
        const v = figureFrom(id, year) as number | null;
        return { id, label, value: v, citation: v === null ? null : citeFigure(id, year) };
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
          v.label,
          v.value === null ? "n/a (not yet in force)" : formatUsd(wholeDollars(v.value)),
          v.citation ?? FIGURES[v.id].citation,
        ]),
      );
      process.stdout.write(
        `Social Security wage base: ${formatUsd(wholeDollars(figure("socialSecurityWageBase", year)))}\n`,
      );
    });
}
