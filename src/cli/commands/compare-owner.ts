import {
  type Cents,
  ownerIncomeForRates,
  QBI_NOT_MODELLED,
  type Step,
  type Warning,
} from "@megaroth/core/typed";

/** `compare` for a self-employed owner: the core's income behind the rates, and what it leaves out. */
export function ownerIncome(
  year: number,
  netProfit: Cents,
  w2Wages: Cents,
): { income: Cents; steps: Step[]; warnings: Warning[] } {
  const { income, steps } = ownerIncomeForRates(year, netProfit, w2Wages);
  return { income, steps, warnings: [{ code: "qbi-deduction-ignored", message: QBI_NOT_MODELLED }] };
}
