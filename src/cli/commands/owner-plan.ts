import { type Deposit, formatUsd, type OwnerPlan } from "@megaroth/core/typed";
import Papa from "papaparse";
import { UsageError } from "../errors.js";
import {
  csvDollars,
  dollars,
  printJson,
  printRows,
  printSteps,
  printTable,
  printWarnings,
  stepsJson,
} from "../output.js";

/** `megaroth plan` for a self-employed owner: no paychecks, a schedule of deposits by the plan's deadlines. */

function depositJson(d: Deposit) {
  return {
    kind: d.kind,
    label: d.label,
    amount: dollars(d.amount),
    dueDate: d.dueDate,
    dueWithoutExtension: d.dueWithoutExtension,
    citation: d.citation,
  };
}

export function ownerPlanJson(p: OwnerPlan) {
  return {
    year: p.year,
    kind: "self-employed",
    business: p.business,
    eligibility: p.eligibility,
    netProfit: dollars(p.netProfit),
    selfEmploymentTax: dollars(p.selfEmploymentTax),
    compensation: dollars(p.compensation),
    deferralTotal: dollars(p.deferralTotal),
    catchUpTotal: dollars(p.catchUpTotal),
    employerNonelective: dollars(p.employerNonelective),
    afterTaxRoom: dollars(p.afterTaxRoom),
    afterTaxTotal: dollars(p.afterTaxTotal),
    annualAdditions: dollars(p.annualAdditions),
    annualAdditionsLimit: dollars(p.annualAdditionsLimit),
    deposits: p.deposits.map(depositJson),
    warnings: p.warnings,
    steps: stepsJson(p.steps),
  };
}

const DEPOSIT_HEAD = ["By", "What", "Amount", "Without an extension"];

function depositCells(p: OwnerPlan): string[][] {
  return p.deposits.map((d) => [d.dueDate, d.label, formatUsd(d.amount), d.dueWithoutExtension ?? ""]);
}

function totalCells(p: OwnerPlan): [string, string][] {
  return [
    ["Net profit", formatUsd(p.netProfit)],
    ["Self-employment tax", formatUsd(p.selfEmploymentTax)],
    ["Compensation (earned income)", formatUsd(p.compensation)],
    ["After-tax room (415(c), plan cap)", formatUsd(p.afterTaxRoom)],
    ["After-tax planned", formatUsd(p.afterTaxTotal)],
    ["Deferrals (402(g))", formatUsd(p.deferralTotal)],
    ["Catch-up", formatUsd(p.catchUpTotal)],
    ["Employer nonelective", formatUsd(p.employerNonelective)],
    [
      "Annual additions / 415(c) limit",
      `${formatUsd(p.annualAdditions)} / ${formatUsd(p.annualAdditionsLimit)}`,
    ],
  ];
}

function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

export function printOwnerPlan(
  p: OwnerPlan,
  options: { json?: boolean; csv?: boolean; markdown?: boolean; explain?: boolean },
): void {
  const formats = [options.json, options.csv, options.markdown].filter(Boolean).length;
  if (formats > 1) throw new UsageError("--json, --csv, --markdown: choose at most one output format");
  if (options.json) {
    printJson(ownerPlanJson(p));
    return;
  }
  if (options.csv) {
    const fields = ["dueDate", "kind", "label", "amount", "dueWithoutExtension"];
    const data = p.deposits.map((d) => [
      d.dueDate,
      d.kind,
      d.label,
      csvDollars(dollars(d.amount)),
      d.dueWithoutExtension ?? "",
    ]);
    process.stdout.write(`${Papa.unparse({ fields, data }, { newline: "\n" })}\n`);
    return;
  }
  if (options.markdown) {
    const parts = [
      `# Deposit plan ${p.year} (self-employed, ${p.business})`,
      p.eligibility.answer,
      "An owner has no paychecks: contributions are deposits by the plan's deadlines.",
      "## Deposits",
      markdownTable(DEPOSIT_HEAD, depositCells(p)),
      "## Totals",
      markdownTable(["", ""], totalCells(p)),
      ...(p.warnings.length > 0
        ? ["## Warnings", p.warnings.map((w) => `- **${w.code}**: ${w.message}`).join("\n")]
        : []),
    ];
    process.stdout.write(`${parts.join("\n\n")}\n`);
    return;
  }
  process.stdout.write(`${p.eligibility.answer}\n`);
  if (p.eligibility.questions.length > 0) {
    process.stdout.write("Ask the plan administrator:\n");
    for (const [i, q] of p.eligibility.questions.entries()) process.stdout.write(`  ${i + 1}. ${q}\n`);
  }
  process.stdout.write(`\nDeposits to make (${p.year}, self-employed: no paychecks):\n`);
  printRows(DEPOSIT_HEAD, depositCells(p));
  printTable(totalCells(p));
  printWarnings(p.warnings);
  if (options.explain) printSteps(p.steps);
}
