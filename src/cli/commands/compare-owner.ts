import {
  type Cents,
  cents,
  nonNegative,
  type Step,
  scheduleSE,
  step,
  sub,
  type Warning,
} from "@megaroth/core/typed";

/**
 * `compare` for a self-employed owner: the income behind the rates is the owner's net profit less the
 * deduction for one-half of SE tax (Schedule SE line 13, Schedule 1 line 15), plus W-2 wages elsewhere.
 */
export function ownerIncome(
  year: number,
  netProfit: Cents,
  w2Wages: Cents,
): { income: Cents; steps: Step[]; warnings: Warning[] } {
  const se = scheduleSE({ year, netProfit, w2SocialSecurityWages: w2Wages });
  const fromBusiness = nonNegative(sub(netProfit, se.lines.line13));
  const income = cents(fromBusiness + w2Wages);
  const steps: Step[] = [
    step(
      "income from the business: net profit − deduction for one-half of SE tax (Schedule SE line 13)",
      fromBusiness,
      "IRC §164(f); Schedule 1 line 15",
    ),
  ];
  if (w2Wages > 0)
    steps.push(step("plus W-2 wages elsewhere (deferrals not subtracted)", w2Wages, "Form W-2"));
  return {
    income,
    steps,
    warnings: [
      {
        code: "qbi-deduction-ignored",
        message:
          "the rate now ignores the qualified business income deduction (IRC §199A): a pre-tax contribution also lowers qualified business income, so the saving may be up to a fifth smaller; give --rate-now to set it",
      },
    ],
  };
}
