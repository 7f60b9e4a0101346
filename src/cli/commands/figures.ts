import { FIRST_SUPPORTED_YEAR, suppliedFiguresTemplate } from "@megaroth/core/typed";
import type { Command } from "commander";
import { integerOption } from "../options.js";
import { printJson } from "../output.js";

/** `megaroth figures template --year Y`: a figures file to fill in with the IRS figures not on file for Y. */
export function registerFigures(figures: Command): void {
  figures
    .command("template")
    .description(
      'print a figures file for the year: every figure not on file, "value" and "source" to fill in from the IRS notice',
    )
    .requiredOption("--year <year>", "tax year", integerOption("--year", FIRST_SUPPORTED_YEAR, 2100))
    .action((opts: { year: number }) => {
      const template = suppliedFiguresTemplate(opts.year);
      if (Object.keys(template).length === 0)
        process.stderr.write(`megaroth: every figure for ${opts.year} is on file; nothing to fill in\n`);
      printJson(template);
    });
}
