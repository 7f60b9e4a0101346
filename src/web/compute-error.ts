import { FIGURES, type FigureId, UnsupportedYearError } from "@megaroth/core/typed";

/**
 * What the page says when the core refuses to compute. A year without published IRS figures is the common
 * case on a form, so it is said in the form's words (the "Tax year" field and the years there are); any other
 * refusal is the core's own one-line message, as the CLI prints it.
 */
export function computeErrorMessage(error: unknown): string {
  if (error instanceof UnsupportedYearError && error.suppliedBook !== undefined) {
    const f = FIGURES[error.figureId as FigureId];
    return `Tax year ${error.year}: the figures file you added (${error.suppliedBook}) lacks ${error.year}'s ${f.citation} figure (${f.description}); add it to the file under "${error.figureId}", with its IRS source`;
  }
  if (error instanceof UnsupportedYearError) {
    const years = [...error.supported].sort((a, b) => a - b);
    const range = years.length > 1 ? `${years[0]}–${years.at(-1)}` : String(years[0] ?? "none");
    return `Tax year ${error.year}: megaroth has the IRS figures for ${range} only (no ${error.figureId} for ${error.year}); pick a year in that range`;
  }
  return error instanceof Error ? error.message : String(error);
}
