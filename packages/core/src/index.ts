/**
 * # @megaroth/core — the checked API
 *
 * IRS retirement-plan figures by year, with their sources, and the rules for after-tax 401(k) contributions and
 * the mega backdoor Roth — for any caller, JavaScript or TypeScript. Every function checks its whole input at
 * run time and throws an {@link InputError} naming each missing or ill-typed field; money goes in and comes out
 * as {@link Money} (`dollars("1,234.56")`, `dollars(1234.56)`, `cents(123456)`), so a plain number can never be
 * taken for the wrong unit. Rates are text with a % sign (`"24%"`).
 *
 * Results are the typed rules' results with every amount as Money (`.cents`, `.dollars`, `toString()` →
 * `"$35,500.00"`, `toJSON()` → the dollars number), plus the steps (each with its IRS citation) and warnings.
 *
 * `@megaroth/core/typed` is the same core without the checks, on branded integer cents (`Cents`) for TypeScript
 * callers; its `cents(n)` returns a branded number, where this module's `cents(n)` returns Money.
 *
 * @example
 * ```js
 * import { contributionRoom, dollars } from "@megaroth/core";
 * const room = contributionRoom({ year: 2026, age: 55, compensation: dollars(300000),
 *   deferrals: dollars(32500), match: "100%@3%,50%@2%", priorYearFicaWages: dollars(200000) });
 * room.afterTaxRoom.toString(); // "$35,500.00"
 * ```
 * @module @megaroth/core
 */

export { type AcpArgs, type AcpParticipantArgs, type AcpReport, acpTest } from "./api/acp.js";
export { type Checked, InputError, type InputIssue } from "./api/check.js";
export { type CompareArgs, type CompareReport, compareStrategies } from "./api/compare.js";
export {
  type ConversionArgs,
  type ConversionReport,
  compareCadences,
  conversionCost,
} from "./api/conversion.js";
export { type SplitArgs, type SplitReport, splitDistribution } from "./api/distribution.js";
export { LIMIT_IDS, type LimitId, type Limits, limits, supportedYears } from "./api/figures.js";
export { type Form8606Args, type Form8606LineEntry, type Form8606Report, form8606 } from "./api/form8606.js";
export { foldEvents, type LedgerEventArgs, type LedgerSummary, ledgerReport } from "./api/ledger.js";
export { cents, dollars, isMoney, Money } from "./api/money.js";
export { type PaycheckPlanReport, planPaychecks, type ScenarioArgs, scenarioJsonSchema } from "./api/plan.js";
export { contributionRoom, type RoomArgs, type RoomReport } from "./api/room.js";
export { type RothWithdrawalArgs, type RothWithdrawalReport, rothWithdrawal } from "./api/roth-withdrawal.js";
export {
  type EmployersArgs,
  employersRoom,
  type SelfEmployedArgs,
  type SelfEmployedRoomReport,
  selfEmployedRoom,
} from "./api/self-employed.js";
export { federalTax, type TaxArgs, type TaxReport } from "./api/tax.js";
export { UnsupportedYearError } from "./data/figures.js";
export type { Step, Warning } from "./rules/explain.js";
export { DateError } from "./rules/five-year-clock.js";
export { YearNotClosedError } from "./rules/ledger/report.js";
export { MoneyError } from "./rules/money/cents.js";
export type { Rational } from "./rules/money/rational.js";
export { PlanInputError } from "./rules/paycheck-plan/plan.js";
