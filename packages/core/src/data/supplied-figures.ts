import * as v from "valibot";
import {
  FIGURES,
  type FigureId,
  formatYearRange,
  type SuppliedFigure,
  type SuppliedFigureBook,
  shippedYears,
} from "./figures.js";

/**
 * A figures file: values for years not on file, in the shape of `data/figures/ID.json` —
 * `{ "ID": { "YEAR": { "value": …, "source": "IRS Notice …" } } }`. The face reads and parses the text;
 * this module checks it against the figures on file (pure: no I/O) and returns a book to install with
 * `withSuppliedFigures` / `useSuppliedFigures`.
 */

/** The first tax year megaroth models (EGTRRA's limits, catch-ups from 2002); a supplied year must not be earlier. */
export const FIRST_SUPPORTED_YEAR = 2002;

export class SuppliedFiguresError extends Error {
  override readonly name = "SuppliedFiguresError";
  constructor(
    readonly fileName: string,
    readonly issues: readonly string[],
  ) {
    super(`${fileName}: ${issues.join("; ")}`);
  }
}

/** The latest value on file: the shape a supplied value must have (numbers and dates left to the user). */
function latestValue(id: FigureId): unknown {
  const years = shippedYears(id);
  return FIGURES[id].values[String(years[years.length - 1])]!.value;
}

const UNIT_WORDS: Record<string, string> = {
  usd: "a whole number of dollars, 0 or more",
  "usd-by-filing-status": "a whole number of dollars, 0 or more",
  brackets: "a whole number, 0 or more",
  "basis-points": "a whole number of basis points (620 = 6.2%)",
};

/** A valibot schema with the shape of `sample` (every number a whole number ≥ 0, every string a date). */
function shapeSchema(sample: unknown, words: string): v.GenericSchema {
  if (typeof sample === "number")
    return v.pipe(
      v.number(`must be ${words}`),
      v.integer(`must be ${words}`),
      v.minValue(0, `must be ${words}`),
    );
  if (typeof sample === "string")
    return v.pipe(v.string("must be a date YYYY-MM-DD"), v.isoDate("must be a date YYYY-MM-DD"));
  if (Array.isArray(sample))
    return v.pipe(
      v.array(shapeSchema(sample[0], words), "must be a list"),
      v.minLength(1, "must not be empty"),
    );
  const entries = Object.entries(sample as Record<string, unknown>).map(([k, s]) => [
    k,
    shapeSchema(s, words),
  ]);
  const keys = Object.keys(sample as object).join(", ");
  return v.strictObject(Object.fromEntries(entries), `must be an object with ${keys}`);
}

function entrySchema(id: FigureId) {
  const words = UNIT_WORDS[FIGURES[id].unit] ?? "a whole number, 0 or more";
  return v.strictObject(
    {
      value: shapeSchema(latestValue(id), words),
      source: v.pipe(
        v.string("must name the IRS notice or publication the value comes from"),
        v.trim(),
        v.nonEmpty("must name the IRS notice or publication the value comes from"),
      ),
    },
    'must be { "value": …, "source": "…" }',
  );
}

function issuePath(prefix: string, issue: v.BaseIssue<unknown>): string {
  const keys = (issue.path ?? []).map((p) => String(p.key));
  return [prefix, ...keys].join(".");
}

/** Tax brackets: each list starts at 0 and rises, with rates 0–100. */
function bracketIssues(prefix: string, value: Record<string, { over: number; ratePct: number }[]>): string[] {
  const issues: string[] = [];
  for (const [status, brackets] of Object.entries(value)) {
    if (brackets[0]?.over !== 0) issues.push(`${prefix}.${status}: the first bracket must start at 0`);
    brackets.forEach((b, k) => {
      if (k > 0 && b.over <= brackets[k - 1]!.over)
        issues.push(`${prefix}.${status}[${k}].over: must be more than the bracket before`);
      if (b.ratePct > 100) issues.push(`${prefix}.${status}[${k}].ratePct: must be 0–100`);
    });
  }
  return issues;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameValue((a as never)[k], (b as never)[k]));
}

function show(value: unknown): string {
  return typeof value === "number" ? value.toLocaleString("en-US") : JSON.stringify(value);
}

/**
 * Checks a parsed figures file and returns its book: every figure id known, every year a tax year from 2002
 * on (and from the rule's first year), every value in the shape of the figure on file with a named source.
 * A value for a year on file must equal that figure (it is then not marked as supplied); one that differs is
 * refused — a figures file supplies years not on file, it never changes a published figure.
 * @throws SuppliedFiguresError listing every problem, each with its path (`annualAdditionsLimit.2027.value`).
 */
export function parseSuppliedFigures(input: unknown, fileName: string): SuppliedFigureBook {
  const issues: string[] = [];
  const figures: SuppliedFigure[] = [];
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new SuppliedFiguresError(fileName, [
      'must be an object { "ID": { "YEAR": { "value": …, "source": "…" } } }',
    ]);
  }
  for (const [id, years] of Object.entries(input)) {
    if (!Object.hasOwn(FIGURES, id)) {
      issues.push(`"${id}" is not a figure megaroth uses (allowed: ${Object.keys(FIGURES).join(", ")})`);
      continue;
    }
    const figureId = id as FigureId;
    if (typeof years !== "object" || years === null || Array.isArray(years)) {
      issues.push(`${id}: must be an object of tax years, e.g. { "2027": { "value": …, "source": "…" } }`);
      continue;
    }
    const schema = entrySchema(figureId);
    for (const [yearKey, entry] of Object.entries(years as Record<string, unknown>)) {
      const prefix = `${id}.${yearKey}`;
      const year = /^\d{4}$/.test(yearKey) ? Number(yearKey) : Number.NaN;
      if (!Number.isInteger(year)) {
        issues.push(`${prefix}: "${yearKey}" is not a tax year (a 4-digit year)`);
        continue;
      }
      if (year < FIRST_SUPPORTED_YEAR) {
        issues.push(`${prefix}: years before ${FIRST_SUPPORTED_YEAR} are not supported`);
        continue;
      }
      const from = FIGURES[figureId].applicableFrom;
      if (from !== undefined && year < from) {
        issues.push(`${prefix}: ${FIGURES[figureId].citation} does not apply before ${from}`);
        continue;
      }
      const parsed = v.safeParse(schema, entry);
      if (!parsed.success) {
        for (const issue of parsed.issues) issues.push(`${issuePath(prefix, issue)}: ${issue.message}`);
        continue;
      }
      const { value, source } = parsed.output as { value: unknown; source: string };
      if (FIGURES[figureId].unit === "brackets") {
        const bad = bracketIssues(`${prefix}.value`, value as never);
        if (bad.length > 0) {
          issues.push(...bad);
          continue;
        }
      }
      const onFile = FIGURES[figureId].values[yearKey];
      if (onFile) {
        if (!sameValue(onFile.value, value)) {
          issues.push(
            `${prefix}.value: ${show(value)} contradicts the IRS figure on file (${show(onFile.value)}); ` +
              `a figures file supplies only years not on file (${id} is on file for ${formatYearRange(shippedYears(figureId))})`,
          );
        }
        continue;
      }
      figures.push({ id: figureId, year, value, source });
    }
  }
  if (issues.length > 0) throw new SuppliedFiguresError(fileName, issues);
  return { name: fileName, figures };
}

function blank(sample: unknown): unknown {
  if (Array.isArray(sample)) return sample.map(blank);
  if (typeof sample === "object" && sample !== null)
    return Object.fromEntries(Object.entries(sample).map(([k, s]) => [k, blank(s)]));
  return null;
}

/**
 * A figures file to fill in for `year`: every figure not on file for that year (and in force then), its
 * value in the shape of the figure on file with every number and date left null, and an empty source.
 */
export function suppliedFiguresTemplate(
  year: number,
): Record<string, Record<string, { value: unknown; source: string }>> {
  const out: Record<string, Record<string, { value: unknown; source: string }>> = {};
  for (const id of Object.keys(FIGURES) as FigureId[]) {
    const from = FIGURES[id].applicableFrom;
    if (FIGURES[id].values[String(year)] || (from !== undefined && year < from)) continue;
    out[id] = { [String(year)]: { value: blank(latestValue(id)), source: "" } };
  }
  return out;
}
