export * from "./annual-additions.js";
export * from "./events.js";
export * from "./fold.js";
export * from "./reconcile.js";
export * from "./report.js";
export * from "./roth-ira-ordering.js";
export * from "./stored-event.js";
