/** megaroth's public API: IRS figures as data and the pure rules built on them. */
export * from "../data/figures.js";
export * from "./catch-up.js";
export * from "./contribution-room.js";
export * from "./explain.js";
export * from "./federal-tax.js";
export * from "./match-formula.js";
export * from "./money/allocate.js";
export * from "./money/cents.js";
export * from "./money/percent.js";
export * from "./money/rational.js";
export * from "./money/rounding.js";
export * from "./tax-year.js";
