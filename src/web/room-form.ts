import type { RoomInput } from "../core/contribution-room.js";
import { MatchFormulaError, parseMatchFormula } from "../core/match-formula.js";
import { type Cents, parseDollars } from "../core/money/cents.js";
import { type BasisPoints, parsePercent } from "../core/money/percent.js";

/** The planner's form as typed: text, so a half-typed number stays on screen while it is flagged. */
export interface RoomForm {
  readonly year: string;
  readonly age: string;
  readonly compensation: string;
  readonly deferrals: string;
  readonly priorYearFicaWages: string;
  readonly otherEmployerDeferrals: string;
  readonly match: string;
  readonly nonelective: string;
  readonly afterTaxCapKind: "none" | "percent" | "dollars";
  readonly afterTaxCap: string;
  readonly relatedEmployerAdditions: string;
  readonly planOffersRoth: boolean;
}

export const ROOM_FORM_DEFAULTS: RoomForm = {
  year: "2026",
  age: "40",
  compensation: "200,000",
  deferrals: "24,500",
  priorYearFicaWages: "",
  otherEmployerDeferrals: "0",
  match: "100%@3%,50%@2%",
  nonelective: "0",
  afterTaxCapKind: "none",
  afterTaxCap: "",
  relatedEmployerAdditions: "0",
  planOffersRoth: true,
};

export type FormErrors = Partial<Record<keyof RoomForm, string>>;

function money(text: string, errors: FormErrors, key: keyof RoomForm): Cents {
  try {
    const amount = parseDollars(text === "" ? "0" : text);
    if (amount < 0) errors[key] = "must be 0 or more";
    return amount;
  } catch {
    errors[key] = "a dollar amount, e.g. 24,500 or 1234.56";
    return 0 as Cents;
  }
}

function percent(text: string, errors: FormErrors, key: keyof RoomForm): BasisPoints {
  try {
    const bp = parsePercent(text === "" ? "0" : text);
    if (bp > 100_00) errors[key] = "must be 0–100%";
    return bp;
  } catch {
    errors[key] = "a percentage 0–100, at most 2 decimals";
    return 0 as BasisPoints;
  }
}

function wholeNumber(text: string, min: number, max: number, errors: FormErrors, key: keyof RoomForm): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) errors[key] = `a whole number ${min}–${max}`;
  return n;
}

/** Parses the form into the room computation's input, with one message per bad field. */
export function parseRoomForm(form: RoomForm): { input: RoomInput | null; errors: FormErrors } {
  const errors: FormErrors = {};
  let match: RoomInput["match"] = [];
  try {
    match = parseMatchFormula(form.match);
  } catch (error) {
    errors.match = error instanceof MatchFormulaError ? error.message : "not a match formula";
  }
  const afterTaxCap: RoomInput["afterTaxCap"] =
    form.afterTaxCapKind === "percent"
      ? { kind: "percent", bp: percent(form.afterTaxCap, errors, "afterTaxCap") }
      : form.afterTaxCapKind === "dollars"
        ? { kind: "dollars", amount: money(form.afterTaxCap, errors, "afterTaxCap") }
        : null;
  const input: RoomInput = {
    year: wholeNumber(form.year, 1900, 2200, errors, "year"),
    ageAtYearEnd: wholeNumber(form.age, 18, 120, errors, "age"),
    compensation: money(form.compensation, errors, "compensation"),
    electiveDeferrals: money(form.deferrals, errors, "deferrals"),
    match,
    nonelectiveBp: percent(form.nonelective, errors, "nonelective"),
    afterTaxCap,
    priorYearFicaWages: form.priorYearFicaWages.trim() === "" ? null : money(form.priorYearFicaWages, errors, "priorYearFicaWages"),
    planOffersRoth: form.planOffersRoth,
    otherEmployerDeferrals: money(form.otherEmployerDeferrals, errors, "otherEmployerDeferrals"),
    relatedEmployerAdditions: money(form.relatedEmployerAdditions, errors, "relatedEmployerAdditions"),
  };
  return { input: Object.keys(errors).length === 0 ? input : null, errors };
}
