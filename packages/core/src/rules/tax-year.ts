/** A tax (plan / limitation) year. Plans are assumed to use the calendar year as limitation year. */
export type TaxYear = number & { readonly __brand: "TaxYear" };

export function taxYear(n: number): TaxYear {
  if (!Number.isInteger(n) || n < 1900 || n > 2200) throw new RangeError(`not a tax year: ${n}`);
  return n as TaxYear;
}

export type FilingStatus = "single" | "mfj" | "mfs" | "hoh";
export const FILING_STATUSES: readonly FilingStatus[] = ["single", "mfj", "mfs", "hoh"];

export function isFilingStatus(text: string): text is FilingStatus {
  return (FILING_STATUSES as readonly string[]).includes(text);
}
