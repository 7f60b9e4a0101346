import { suppliedFiguresUsed, UnsupportedYearError, useSuppliedFigures } from "@megaroth/core/typed";
import { Command, CommanderError, Help } from "commander";
import { MEGAROTH_VERSION } from "../version.js";
import { COMMANDS, type CommandEntry } from "./commands.js";
import { EXIT_USAGE, takeExitStatus, UsageError } from "./errors.js";
import { describeSupplied, FIGURES_FLAG, FIGURES_HELP, figuresFileArgument } from "./figures-file.js";
import { requireFlagsTogether } from "./options.js";
import { markCsvOutput, outputFormat } from "./output.js";

/**
 * Builds the `megaroth` program. Every command of the table (./commands.ts) is listed with its name, help
 * term and description; only `load` (the commands named in `full`, or all when `full` is "all") brings in the
 * command's module with its options and action. A command that runs loads nothing of the others: starting
 * `megaroth room` does not read yaml, hono, papaparse or better-sqlite3.
 */
export async function buildProgram(full: "all" | readonly string[] = "all"): Promise<Command> {
  const program = new Command("megaroth")
    .description(
      "Plan after-tax 401(k) contributions and the mega backdoor Roth — exact, offline, with sources.",
    )
    .version(MEGAROTH_VERSION, "-v, --version", "print the version")
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .showSuggestionAfterError(true);
  const terms = new Map<Command, string>();
  const registers = await Promise.all(
    COMMANDS.map((entry) => (full === "all" || full.includes(entry.name) ? entry.load() : null)),
  );
  COMMANDS.forEach((entry: CommandEntry, i) => {
    const command = program.command(entry.name).description(entry.description);
    const register = registers[i];
    if (register) register(command);
    else terms.set(command, entry.term);
  });
  // A command not loaded shows the help term the table gives (`acp [options] <file>`), as if it were loaded.
  const help = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? help.subcommandTerm(cmd) });
  for (const command of program.commands) addFiguresOption(command);
  program.option(`${FIGURES_FLAG} <file>`, FIGURES_HELP);
  requireFlagsTogether(program);
  // commands whose stdout is CSV (batch always; others with --csv or --format csv)
  program.hook("preAction", (_program, action) => {
    const o = action.opts() as { csv?: boolean; format?: string };
    if (o.csv || o.format === "csv" || action.name() === "batch") markCsvOutput();
  });
  return program;
}

/** Every command takes --figures; the file itself is read before parsing (see figures-file.ts). */
export function addFiguresOption(command: Command): void {
  command.option(`${FIGURES_FLAG} <file>`, FIGURES_HELP);
  for (const sub of command.commands) addFiguresOption(sub);
}

/** The command a command line runs: its first word that is not an option (`help room` runs room's help). */
export function commandNamed(argv: readonly string[]): string[] {
  // the file after --figures is not a command name
  const words = argv.filter((a, i) => !a.startsWith("-") && argv[i - 1] !== FIGURES_FLAG);
  const names = words[0] === "help" ? words.slice(1, 2) : words.slice(0, 1);
  return names.filter((n) => COMMANDS.some((c) => c.name === n));
}

/** Runs the CLI; returns the exit code. Bad input is one line on stderr and exit code 2, never a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  // A reader that goes away (`megaroth plan … | head`) ends the output, as Unix tools do: no stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  try {
    const figuresFile = figuresFileArgument(argv, process.env);
    useSuppliedFigures(figuresFile && (await import("./figures-load.js")).loadFiguresFile(figuresFile));
    const program = await buildProgram(commandNamed(argv));
    await program.parseAsync(argv as string[], { from: "user" });
    noteSuppliedFigures();
    return takeExitStatus();
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
