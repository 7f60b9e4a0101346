import type { AfterTaxCap, MatchTier } from "@megaroth/core/typed";
import { type BasisPoints, basisPoints, hceCompensationThreshold } from "@megaroth/core/typed";
import type { Command } from "commander";
import { planFile } from "../../batch/batch-file.js";
import { describeBadRows, ParticipantCsvError } from "../../batch/participant-csv.js";
import { UsageError } from "../errors.js";
import { matchOption, percentOption, percentOrDollarsOption } from "../options.js";
import { acpYearOption } from "./acp.js";

interface BatchOptions {
  year: number;
  match?: MatchTier[];
  nonelective: BasisPoints;
  afterTaxCap?: AfterTaxCap;
  rothOption: boolean;
}

/**
 * `megaroth batch FILE.csv --year Y > out.csv`: every participant's after-tax room, election and warnings,
 * streamed row by row (memory stays flat). A file that cannot be used at all is a usage error with nothing
 * written; a bad row is written with its reason in the error column, and the exit code is then 2.
 */
export function registerBatch(command: Command): void {
  command
    .argument("<file>", "participant CSV (columns: docs/participant-csv.md; batch also needs age)")
    .requiredOption("--year <year>", "plan year (calendar)", acpYearOption)
    .option(
      "--match <tiers>",
      "the plan's match formula, e.g. \"100%@3%,50%@2%\" (default: each row's match column is the year's match)",
      matchOption,
    )
    .option(
      "--nonelective <percent>",
      "employer nonelective contribution, % of pay",
      percentOption("--nonelective"),
      basisPoints(0),
    )
    .option(
      "--after-tax-cap <cap>",
      "plan cap on after-tax: a % of pay (10%) or dollars (15000)",
      percentOrDollarsOption("--after-tax-cap"),
    )
    .option("--no-roth-option", "the plan has no Roth deferral option")
    .action(async (file: string, opts: BatchOptions) => {
      const plan = {
        year: opts.year,
        match: opts.match ?? null,
        nonelectiveBp: opts.nonelective,
        afterTaxCap: opts.afterTaxCap ?? null,
        planOffersRoth: opts.rothOption,
        hceThreshold: hceCompensationThreshold(opts.year),
      };
      let outcome: Awaited<ReturnType<typeof planFile>>;
      try {
        outcome = await planFile(file, plan, process.stdout);
      } catch (error) {
        if (error instanceof ParticipantCsvError) throw new UsageError(error.message);
        // The reader of stdout went away (`| head`): stop quietly, as Unix tools do.
        if ((error as NodeJS.ErrnoException).code === "EPIPE") return;
        throw error;
      }
      if (outcome.badRowCount > 0) {
        throw new UsageError(
          `${file}: ${outcome.badRowCount} bad row${outcome.badRowCount > 1 ? "s" : ""}, written with the reason in the error column — ${describeBadRows(outcome.badRows, outcome.badRowCount)}`,
        );
      }
    });
}
