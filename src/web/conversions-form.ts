import type { Form8606Input, PayFrequency, RatioPrecision } from "@megaroth/core/typed";
import {
  type AfterTaxContribution,
  CONVERSION_ROUTES,
  type ConversionCostInput,
  type ConversionRoute,
  isFilingStatus,
  paycheckContributions,
  STANDARD_CADENCES,
  type StandardCadence,
  ZERO,
} from "@megaroth/core/typed";
import { type FieldErrors, FieldReader } from "./form-values.js";

/** The conversions page's form, as typed; the fields follow `megaroth convert` and `megaroth form8606`. */
export interface ConversionsForm {
  readonly year: string;
  readonly filingStatus: string;
  readonly rateKind: "schedule" | "marginal";
  readonly taxableIncome: string;
  readonly marginalRate: string;
  readonly stateRate: string;
  readonly afterTax: string;
  readonly payFrequency: PayFrequency;
  readonly returnRate: string;
  readonly cadence: StandardCadence;
  readonly lagDays: string;
  readonly route: ConversionRoute;
  readonly fee: string;
  readonly nondeductibleContributions: string;
  readonly priorBasis: string;
  readonly contributionsNextYear: string;
  readonly yearEndValue: string;
  readonly iraDistributions: string;
  readonly iraConverted: string;
  readonly ratio: RatioPrecision;
}

export const CONVERSIONS_FORM_DEFAULTS: ConversionsForm = {
  year: "2026",
  filingStatus: "single",
  rateKind: "schedule",
  taxableIncome: "150,000",
  marginalRate: "24",
  stateRate: "0",
  afterTax: "30,000",
  payFrequency: "biweekly",
  returnRate: "7",
  cadence: "monthly",
  lagDays: "0",
  route: "in-plan-roth",
  fee: "0",
  nondeductibleContributions: "7,500",
  priorBasis: "0",
  contributionsNextYear: "0",
  yearEndValue: "0",
  iraDistributions: "0",
  iraConverted: "7,500",
  ratio: "exact",
};

export type ConversionsErrors = FieldErrors<keyof ConversionsForm>;

export function readConversionCostInput(
  form: ConversionsForm,
  /** The plan's own after-tax contributions (dates and amounts), used instead of spreading `afterTax` evenly. */
  planContributions: readonly AfterTaxContribution[] | null = null,
): {
  input: ConversionCostInput | null;
  errors: ConversionsErrors;
} {
  const read = new FieldReader<keyof ConversionsForm>();
  const year = read.whole("year", form.year, 1900, 2200);
  const afterTax = read.money("afterTax", form.afterTax);
  const filingStatus = isFilingStatus(form.filingStatus) ? form.filingStatus : "single";
  const rates: ConversionCostInput["rates"] =
    form.rateKind === "schedule"
      ? {
          kind: "schedule",
          filingStatus,
          baseTaxableIncome: read.money("taxableIncome", form.taxableIncome, { emptyIs: ZERO }),
        }
      : { kind: "marginal", federalRateBp: read.percent("marginalRate", form.marginalRate) };
  const returnText = form.returnRate.trim();
  const negative = returnText.startsWith("-");
  const returnBp = read.percent("returnRate", negative ? returnText.slice(1) : returnText);
  if (read.errors.returnRate) read.fail("returnRate", "a percentage from -100 to 100, at most 2 decimals");
  const stateRateBp = read.percent("stateRate", form.stateRate);
  const lagDays = read.whole("lagDays", form.lagDays, 0, 60);
  const feePerConversion = read.money("fee", form.fee, { emptyIs: ZERO });
  if (!STANDARD_CADENCES.includes(form.cadence))
    read.fail("cadence", "choose a conversion cadence from the list");
  if (!CONVERSION_ROUTES.includes(form.route)) read.fail("route", "choose a route from the list");
  if (!read.ok) return { input: null, errors: read.errors };
  let contributions: readonly AfterTaxContribution[];
  try {
    contributions = planContributions ?? paycheckContributions(year, afterTax, form.payFrequency);
  } catch (error) {
    read.fail("afterTax", (error as Error).message);
    return { input: null, errors: read.errors };
  }
  return {
    input: {
      year,
      contributions,
      annualReturnBp: negative ? -returnBp : returnBp,
      cadence: form.cadence,
      lagDays,
      route: form.route,
      feePerConversion,
      rates,
      stateRateBp,
    },
    errors: {},
  };
}

export function readForm8606Input(form: ConversionsForm): {
  input: Form8606Input | null;
  errors: ConversionsErrors;
} {
  const read = new FieldReader<keyof ConversionsForm>();
  const input: Form8606Input = {
    year: read.whole("year", form.year, 1900, 2200),
    nondeductibleContributions: read.money("nondeductibleContributions", form.nondeductibleContributions, {
      emptyIs: ZERO,
    }),
    priorBasis: read.money("priorBasis", form.priorBasis, { emptyIs: ZERO }),
    contributionsMadeNextYear: read.money("contributionsNextYear", form.contributionsNextYear, {
      emptyIs: ZERO,
    }),
    yearEndValue: read.money("yearEndValue", form.yearEndValue, { emptyIs: ZERO }),
    outstandingRollovers: ZERO,
    distributions: read.money("iraDistributions", form.iraDistributions, { emptyIs: ZERO }),
    converted: read.money("iraConverted", form.iraConverted, { emptyIs: ZERO }),
    ratioPrecision: form.ratio,
  };
  return read.ok ? { input, errors: {} } : { input: null, errors: read.errors };
}
