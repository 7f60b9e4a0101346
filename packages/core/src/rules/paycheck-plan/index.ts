export * from "./election-search.js";
export * from "./eligibility.js";
export * from "./pay-calendar.js";
export * from "./payroll.js";
export * from "./plan.js";
export * from "./warnings.js";
