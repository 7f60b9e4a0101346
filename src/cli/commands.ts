import type { Command } from "commander";

/**
 * Every `megaroth` command, in the order `--help` lists them. The table holds what help shows (name, the
 * term with its arguments, the description); a command's module (loaded only when that command runs) adds
 * its own options, arguments and action to the command it is given.
 *
 * To add a command: add a row here and a module under ./commands exporting `registerX(command: Command)`.
 * `term` must be what commander would print for the loaded command (`name [options] <file>`); a test checks
 * it (test/cli/command-table.test.ts).
 */
export interface CommandEntry {
  readonly name: string;
  /** The command as `--help` lists it: name, `[options]` when it has options, then its arguments. */
  readonly term: string;
  readonly description: string;
  /** The module's register function; it receives `program.command(name).description(description)`. */
  readonly load: () => Promise<(command: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "limits",
    term: "limits [options]",
    description: "The year's retirement plan limits, each with its IRS source",
    load: async () => (await import("./commands/limits.js")).registerLimits,
  },
  {
    name: "room",
    term: "room [options]",
    description: "After-tax (mega backdoor) room for one person in one plan year, with the limits that bind",
    load: async () => (await import("./commands/room.js")).registerRoom,
  },
  {
    name: "tax",
    term: "tax [options]",
    description: "Federal income tax on taxable income, and the incremental tax of an added amount",
    load: async () => (await import("./commands/tax.js")).registerTax,
  },
  {
    name: "convert",
    term: "convert [options]",
    description:
      "Cost of converting after-tax 401(k) money by cadence and route, with the expected Forms 1099-R",
    load: async () => (await import("./commands/convert.js")).registerConvert,
  },
  {
    name: "split",
    term: "split [options]",
    description: "Allocate a plan distribution among destinations (IRC §72, §402(c)(2), Notice 2014-54)",
    load: async () => (await import("./commands/split.js")).registerSplit,
  },
  {
    name: "form8606",
    term: "form8606 [options]",
    description: "Form 8606 (nondeductible IRAs, conversions, Roth distributions) line by line",
    load: async () => (await import("./commands/form8606.js")).registerForm8606,
  },
  {
    name: "roth-withdrawal",
    term: "roth-withdrawal [options]",
    description: "Ordering, taxable amount and 10% tax of a planned Roth IRA withdrawal (IRC §408A(d))",
    load: async () => (await import("./commands/roth-withdrawal.js")).registerRothWithdrawal,
  },
  {
    name: "serve",
    term: "serve [options]",
    description: "Serve the web app (planner, conversions, compare, ledger) on http://127.0.0.1:PORT",
    load: async () => (await import("./commands/serve.js")).registerServe,
  },
  {
    name: "acp",
    term: "acp [options] <file>",
    description:
      "ACP test (IRC 401(m)) of a participant CSV: HCEs, ACPs, pass/fail, refunds by 401(m)(6), what-if",
    load: async () => (await import("./commands/acp.js")).registerAcp,
  },
  {
    name: "batch",
    term: "batch [options] <file>",
    description: "After-tax room, election and warnings for every participant of a CSV, as CSV on stdout",
    load: async () => (await import("./commands/batch.js")).registerBatch,
  },
  {
    name: "ledger",
    term: "ledger [options]",
    description:
      "Basis ledger: after-tax, Roth and IRA records in a local SQLite file, reconciled with statements, 1099-Rs and Form 8606",
    load: async () => (await import("./commands/ledger.js")).registerLedger,
  },
  {
    name: "plan",
    term: "plan [options] <scenario>",
    description:
      "Elections to set and a paycheck-by-paycheck table that fills the after-tax room without losing match",
    load: async () => (await import("./commands/plan.js")).registerPlan,
  },
  {
    name: "schedule",
    term: "schedule [options]",
    description: "Split an amount exactly over N paychecks (leftover cents on the earliest paychecks)",
    load: async () => (await import("./commands/plan.js")).registerSchedule,
  },
  {
    name: "elections",
    term: "elections [options]",
    description: "The paycheck planner from flags: which deferral and after-tax % to elect, and when",
    load: async () => (await import("./commands/plan.js")).registerElections,
  },
  {
    name: "schema",
    term: "schema [options]",
    description: "Print the JSON Schema of scenario files for `megaroth plan`",
    load: async () => (await import("./commands/plan.js")).registerSchema,
  },
  {
    name: "compare",
    term: "compare [options] [scenario]",
    description:
      "Compare pre-tax, Roth, after-tax (converted or not) and taxable saving for the same pre-tax budget, deterministic and Monte Carlo",
    load: async () => (await import("./commands/compare.js")).registerCompare,
  },
  {
    name: "figures",
    term: "figures [options]",
    description: "IRS figures for years not on file yet: a file to fill in, for --figures / MEGAROTH_FIGURES",
    load: async () => (await import("./commands/figures.js")).registerFigures,
  },
];
