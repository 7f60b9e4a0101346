/** Comparing contribution types and projecting them: deterministic, year by year, and Monte Carlo. */
export * from "./contribution-types.js";
export * from "./equal-budget.js";
export * from "./monte-carlo.js";
export * from "./percentiles.js";
export * from "./plan-projection.js";
export * from "./projected-limits.js";
export * from "./seeded-random.js";
export * from "./strategies.js";
export * from "./tax-rates.js";
