import { suppliedFiguresUsed, UnsupportedYearError, useSuppliedFigures } from "@megaroth/core/typed";
import { Command, CommanderError } from "commander";
import { registerAcp } from "./commands/acp.js";
import { registerBatch } from "./commands/batch.js";
import { registerCompare } from "./commands/compare.js";
import { registerConvert } from "./commands/convert.js";
import { registerFigures } from "./commands/figures.js";
import { registerForm8606 } from "./commands/form8606.js";
import { registerLedger } from "./commands/ledger.js";
import { registerLimits } from "./commands/limits.js";
import { registerElections, registerPlan, registerSchedule, registerSchema } from "./commands/plan.js";
import { registerRoom } from "./commands/room.js";
import { registerRothWithdrawal } from "./commands/roth-withdrawal.js";
import { registerServe } from "./commands/serve.js";
import { registerSplit } from "./commands/split.js";
import { registerTax } from "./commands/tax.js";
import { EXIT_USAGE, UsageError } from "./errors.js";
import { describeSupplied, FIGURES_FLAG, FIGURES_HELP, loadFiguresFile } from "./figures-file.js";
import { markCsvOutput, outputFormat } from "./output.js";

/** Builds the `megaroth` program; each command lives in its own module under ./commands. */
export function buildProgram(): Command {
  const program = new Command("megaroth")
    .description(
      "Plan after-tax 401(k) contributions and the mega backdoor Roth — exact, offline, with sources.",
    )
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .showSuggestionAfterError(true);
  registerLimits(program);
  registerRoom(program);
  registerTax(program);
  registerConvert(program);
  registerSplit(program);
  registerForm8606(program);
  registerRothWithdrawal(program);
  registerServe(program);
  registerAcp(program);
  registerBatch(program);
  registerLedger(program);
  registerPlan(program);
  registerSchedule(program);
  registerElections(program);
  registerSchema(program);
  registerCompare(program);
  registerFigures(program);
  // every command takes --figures; the file itself is read before parsing (see figures-file.ts)
  const withFigures = (command: Command): void => {
    for (const sub of command.commands) {
      sub.option(`${FIGURES_FLAG} <file>`, FIGURES_HELP);
      withFigures(sub);
    }
  };
  withFigures(program);
  // commands whose stdout is CSV (batch always; others with --csv or --format csv)
  program.hook("preAction", (_program, action) => {
    const o = action.opts() as { csv?: boolean; format?: string };
    if (o.csv || o.format === "csv" || action.name() === "batch") markCsvOutput();
  });
  return program;
}

/** Runs the CLI; returns the exit code. Bad input is one line on stderr and exit code 2, never a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  // A reader that goes away (`megaroth plan … | head`) ends the output, as Unix tools do: no stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  try {
    useSuppliedFigures(loadFiguresFile(argv, process.env));
    await program.parseAsync(argv as string[], { from: "user" });
    noteSuppliedFigures();
    return 0;
  } catch (error) {
    return reportError(error);
  } finally {
    useSuppliedFigures(null);
  }
}

/**
 * After readable output, one line per supplied figure the command used (JSON carries `suppliedFigures`
 * instead); after CSV the lines go to stderr, to keep the CSV a CSV.
 */
function noteSuppliedFigures(): void {
  const used = suppliedFiguresUsed();
  if (used.length === 0 || outputFormat() === "json") return;
  const lines = used.map((f) => `supplied figure: ${describeSupplied(f)}\n`).join("");
  if (outputFormat() === "csv") process.stderr.write(lines);
  else process.stdout.write(lines);
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return 0;
    // Help shown for a missing subcommand (`megaroth ledger`): the help already says what is allowed.
    if (error.code === "commander.help") return EXIT_USAGE;
    process.stderr.write(`megaroth: ${error.message.replace(/^error: /, "")}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof UsageError || error instanceof UnsupportedYearError) {
    process.stderr.write(`megaroth: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`megaroth: internal error: ${message}\n`);
  return 1;
}
