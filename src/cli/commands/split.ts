import type { Form1099R } from "@megaroth/core/typed";
import {
  allocateDistribution,
  type Cents,
  cents,
  type DestinationShare,
  formatUsd,
  ZERO,
} from "@megaroth/core/typed";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { moneyOption } from "../options.js";
import {
  dollars,
  printJson,
  printRows,
  printSteps,
  printTable,
  printWarnings,
  stepsJson,
} from "../output.js";

interface SplitOptions {
  pretax: Cents;
  afterTax: Cents;
  distribution: Cents;
  toTraditionalIra?: Cents;
  toRothIra?: Cents;
  toInPlanRoth?: Cents;
  cash?: Cents;
  rollover60DayTraditionalIra?: Cents;
  rollover60DayRothIra?: Cents;
  age?: number;
  separated?: boolean;
  subaccount?: boolean;
  json?: boolean;
  explain?: boolean;
}

/**
 * An age in years, 18–120, whole or with up to two decimals (59.4 is under 59½; 59.5 = 59½ attained). It is
 * compared as given with 59½ and 55 (IRC §72(t)(2)(A)(i), (v)), never rounded.
 */
export function exactAgeOption(flag: string) {
  return (text: string): number => {
    const age = /^\d+(\.\d{1,2})?$/.test(text.trim()) ? Number(text) : Number.NaN;
    if (!(age >= 18 && age <= 120)) {
      throw new UsageError(
        `${flag}: "${text}" is not allowed (allowed: 18–120 in years, up to two decimals, e.g. 59.4 or 59.5 = 59½)`,
      );
    }
    return age;
  };
}

function shareJson(s: DestinationShare) {
  return { pretax: dollars(s.pretax), afterTax: dollars(s.afterTax) };
}

export function form1099RJson(f: Form1099R) {
  return {
    destination: f.destination,
    box1: dollars(f.box1),
    box2a: dollars(f.box2a),
    box4: dollars(f.box4),
    box5: dollars(f.box5),
    box7: f.box7,
    box10: f.box10 === null ? null : dollars(f.box10),
  };
}

export function registerSplit(command: Command): void {
  command
    .requiredOption(
      "--pretax <dollars>",
      "pretax money in the account (or the subaccount's earnings)",
      moneyOption("--pretax"),
    )
    .requiredOption(
      "--after-tax <dollars>",
      "after-tax contributions (basis) in the account",
      moneyOption("--after-tax"),
    )
    .requiredOption(
      "--distribution <dollars>",
      "amount distributed (all destinations together)",
      moneyOption("--distribution"),
    )
    .option(
      "--to-traditional-ira <dollars>",
      "direct rollover to a traditional IRA",
      moneyOption("--to-traditional-ira"),
    )
    .option("--to-roth-ira <dollars>", "direct rollover to a Roth IRA", moneyOption("--to-roth-ira"))
    .option("--to-in-plan-roth <dollars>", "in-plan Roth rollover", moneyOption("--to-in-plan-roth"))
    .option("--cash <dollars>", "paid to you", moneyOption("--cash"))
    .option(
      "--rollover-60-day-traditional-ira <dollars>",
      "part of the cash you roll over to a traditional IRA within 60 days",
      moneyOption("--rollover-60-day-traditional-ira"),
    )
    .option(
      "--rollover-60-day-roth-ira <dollars>",
      "part of the cash you roll over to a Roth IRA within 60 days",
      moneyOption("--rollover-60-day-roth-ira"),
    )
    .option(
      "--age <years>",
      "age on the distribution date (59.5 = 59½; if omitted, under 59½ is assumed)",
      exactAgeOption("--age"),
    )
    .option("--separated", "separated from service in or after the year you turned 55 (§72(t)(2)(A)(v))")
    .option(
      "--subaccount",
      "the amounts are the after-tax subaccount alone (a separate contract, if the plan treats it so)",
    )
    .option("--json", "machine-readable output (money in dollars)")
    .option("--explain", "print every step with its citation")
    .action((opts: SplitOptions) => {
      const routes = [opts.toTraditionalIra, opts.toRothIra, opts.toInPlanRoth, opts.cash].map(
        (a) => a ?? ZERO,
      );
      const routed = cents(routes.reduce((s, a) => s + a, 0));
      const balance = cents(opts.pretax + opts.afterTax);
      if (opts.distribution > balance) {
        throw new UsageError(
          `--distribution: ${formatUsd(opts.distribution)} is more than the account (allowed: up to --pretax + --after-tax = ${formatUsd(balance)})`,
        );
      }
      if (routed !== opts.distribution) {
        throw new UsageError(
          `--cash/--to-*: the destinations add up to ${formatUsd(routed)} (allowed: exactly --distribution ${formatUsd(opts.distribution)})`,
        );
      }
      const sixtyDay = cents(
        (opts.rollover60DayTraditionalIra ?? ZERO) + (opts.rollover60DayRothIra ?? ZERO),
      );
      if (sixtyDay > routes[3]!) {
        throw new UsageError(
          `--rollover-60-day-*: ${formatUsd(sixtyDay)} rolled over is more than the cash (allowed: up to --cash ${formatUsd(routes[3]!)})`,
        );
      }
      // IRC §72(t)(2)(A)(v): separation in or after the year of turning 55, so at least 54 on the date
      if (opts.separated && opts.age !== undefined && opts.age < 54) {
        throw new UsageError(
          `--separated: at --age ${opts.age} you cannot turn 55 this year (allowed: --age 54 or more)`,
        );
      }
      const a = allocateDistribution({
        account: { pretax: opts.pretax, afterTax: opts.afterTax },
        distribution: opts.distribution,
        routing: { traditionalIra: routes[0], rothIra: routes[1], inPlanRoth: routes[2], cash: routes[3] },
        ageAtDistribution: opts.age ?? 0,
        exceptionTo72t: Boolean(opts.separated),
        separateContract: Boolean(opts.subaccount),
        sixtyDayRollovers: {
          traditionalIra: opts.rollover60DayTraditionalIra,
          rothIra: opts.rollover60DayRothIra,
        },
      });
      const warnings = [...a.warnings];
      if (opts.age === undefined && a.cash.pretax > 0) {
        warnings.push({
          code: "AGE_ASSUMED_UNDER_59_HALF",
          message:
            "No --age given: the 10% additional tax is figured as if you were under 59½ without an exception.",
        });
      }
      if (opts.json) {
        printJson({
          pretaxInDistribution: dollars(a.pretaxInDistribution),
          afterTaxInDistribution: dollars(a.afterTaxInDistribution),
          traditionalIra: shareJson(a.traditionalIra),
          rothIra: shareJson(a.rothIra),
          inPlanRoth: shareJson(a.inPlanRoth),
          cash: shareJson(a.cash),
          sixtyDayRollovers: {
            traditionalIra: shareJson(a.sixtyDayTraditionalIra),
            rothIra: shareJson(a.sixtyDayRothIra),
          },
          cashKept: shareJson(a.cashKept),
          taxableAmount: dollars(a.taxableAmount),
          nontaxableAmount: dollars(a.nontaxableAmount),
          additionalTax10Pct: dollars(a.additionalTax10Pct),
          mandatoryWithholding: dollars(a.mandatoryWithholding),
          traditionalIraBasisCreated: dollars(a.traditionalIraBasisCreated),
          forms1099R: a.forms1099R.map(form1099RJson),
          warnings,
          steps: stepsJson(a.steps),
        });
        return;
      }
      printRows(
        ["Destination", "Pretax", "After-tax"],
        (
          [
            ["Traditional IRA", a.traditionalIra],
            ["Roth IRA", a.rothIra],
            ["In-plan Roth", a.inPlanRoth],
            ["Cash", a.cash],
            ["  rolled over in 60 days to a traditional IRA", a.sixtyDayTraditionalIra],
            ["  rolled over in 60 days to a Roth IRA", a.sixtyDayRothIra],
            ["  kept", a.cashKept],
          ] as const
        ).map(([name, s]) => [name, formatUsd(s.pretax), formatUsd(s.afterTax)]),
      );
      printTable([
        ["Taxable amount", formatUsd(a.taxableAmount)],
        ["10% additional tax", formatUsd(a.additionalTax10Pct)],
        ["Mandatory withholding (20%)", formatUsd(a.mandatoryWithholding)],
        ["Traditional IRA basis created", formatUsd(a.traditionalIraBasisCreated)],
      ]);
      printRows(
        ["1099-R for", "Box 1", "Box 2a", "Box 4", "Box 5", "Box 7"],
        a.forms1099R.map((f) => [
          f.destination,
          formatUsd(f.box1),
          formatUsd(f.box2a),
          formatUsd(f.box4),
          formatUsd(f.box5),
          f.box7,
        ]),
      );
      printWarnings(warnings);
      if (opts.explain) printSteps(a.steps);
    });
}
