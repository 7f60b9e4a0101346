/**
 * The typed rules: branded integer cents (`Cents`) guard the units at compile time; no run-time checks. For
 * TypeScript callers and the megaroth app. JavaScript callers use the checked API (`@megaroth/core`). Its
 * `cents(n)` returns a branded number, where the checked API's `cents(n)` returns a `Money` object.
 * @module @megaroth/core/typed
 */
export * from "./data/figures.js";
export * from "./data/returns/historical-returns.js";
export * from "./data/supplied-figures.js";
export * from "./rules/acp-test.js";
export * from "./rules/catch-up.js";
export * from "./rules/contribution-room.js";
export * from "./rules/conversion-cost.js";
export * from "./rules/employers.js";
export * from "./rules/explain.js";
export * from "./rules/federal-tax.js";
export * from "./rules/five-year-clock.js";
export * from "./rules/form-1099r.js";
export * from "./rules/form-8606.js";
export * from "./rules/hce.js";
export * from "./rules/ledger/index.js";
export * from "./rules/match-formula.js";
export * from "./rules/money/allocate.js";
export * from "./rules/money/cents.js";
export * from "./rules/money/percent.js";
export * from "./rules/money/rational.js";
export * from "./rules/money/rounding.js";
export * from "./rules/notice-2014-54.js";
export * from "./rules/owner-plan.js";
export * from "./rules/paycheck-plan/index.js";
export * from "./rules/projection/index.js";
export * from "./rules/roth-ordering.js";
export * from "./rules/scenario.js";
export * from "./rules/self-employed-room.js";
export * from "./rules/self-employment.js";
export * from "./rules/tax-year.js";
