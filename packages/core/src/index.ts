/** @megaroth/core's public API: IRS figures as data and the pure rules built on them. */
export * from "./typed.js";
