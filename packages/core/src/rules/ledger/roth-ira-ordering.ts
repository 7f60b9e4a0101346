import { type Step, step } from "../explain.js";
import { type Cents, cents } from "../money/cents.js";

/**
 * The Roth IRA ordering rules applied the way the IRS applies them: once a year, to all of a person's Roth
 * IRAs together (Treas. Reg. §1.408A-6 Q&A-9; Form 8606 Part III). A year's distributions are added up and
 * come first out of regular contributions for that year and earlier — including those made later in the year
 * or for the year by its deadline, which are deemed made on December 31 (IRC §219(f)(3), §408A(c)(7)) —
 * then out of conversions and plan rollovers oldest year first, all of one year as one layer with its taxable
 * part first (Q&A-8), then out of earnings.
 */

export interface RothIraContribution {
  /** The tax year it is for (a designated Roth rollover's basis: the year of the rollover). */
  readonly year: number;
  readonly amount: Cents;
}

export interface RothIraConversion {
  readonly year: number;
  readonly amount: Cents;
  /** Taxable part; null while the conversion year's Form 8606 is not closed. */
  readonly taxable: Cents | null;
}

export interface RothIraDistribution {
  readonly year: number;
  readonly amount: Cents;
}

/** What a year's distributions took out of one conversion year's layer. */
export interface ConversionLayerOut {
  readonly conversionYear: number;
  readonly amount: Cents;
  /** Null when the layer's taxable part is not known yet. */
  readonly taxable: Cents | null;
  readonly nontaxable: Cents | null;
  /** Within the five taxable years from January 1 of the conversion year (IRC §408A(d)(3)(F)). */
  readonly withinFiveYears: boolean;
}

export interface RothIraYear {
  readonly year: number;
  /** All Roth IRA distributions in the year (Form 8606 line 19 before qualified distributions and rollovers). */
  readonly distributions: Cents;
  /** Basis in regular contributions before the year's distributions (Form 8606 line 22). */
  readonly contributionBasis: Cents;
  readonly fromContributions: Cents;
  readonly fromConversions: readonly ConversionLayerOut[];
  /** Taxable unless the distribution is qualified, which needs the owner's age (IRC §408A(d)(2)). */
  readonly earnings: Cents;
  /** Taxable conversion amounts within their five years: subject to the 10% additional tax unless an exception applies; null if a layer's taxable part is unknown. */
  readonly exposedToAdditionalTax: Cents | null;
  readonly contributionBasisLeft: Cents;
  readonly steps: readonly Step[];
}

export interface RothIraOrdering {
  readonly years: ReadonlyMap<number, RothIraYear>;
  /** For each conversion, in the order given: the amount ordered out of it by the end of each distribution year, cumulative. */
  readonly orderedOut: readonly ReadonlyMap<number, Cents>[];
}

const ORDERING = "Treas. Reg. §1.408A-6 Q&A-8, Q&A-9";

/** Orders every year's Roth IRA distributions on the year-end, all-accounts basis. */
export function orderRothIraDistributions(
  contributions: readonly RothIraContribution[],
  conversions: readonly RothIraConversion[],
  distributions: readonly RothIraDistribution[],
): RothIraOrdering {
  const taken = conversions.map(() => 0);
  const orderedOut = conversions.map(() => new Map<number, Cents>());
  const years = new Map<number, RothIraYear>();
  let contributionsUsed = 0;
  const distributionYears = [...new Set(distributions.map((d) => d.year))].sort((a, b) => a - b);
  for (const year of distributionYears) {
    const total = distributions.filter((d) => d.year === year).reduce((s, d) => s + d.amount, 0);
    const contributed = contributions.filter((c) => c.year <= year).reduce((s, c) => s + c.amount, 0);
    const contributionBasis = contributed - contributionsUsed;
    const fromContributions = Math.min(total, contributionBasis);
    contributionsUsed += fromContributions;
    let left = total - fromContributions;
    const take = (i: number, available: number) => {
      const amount = Math.min(left, Math.max(0, available));
      taken[i] = taken[i]! + amount;
      left -= amount;
      return amount;
    };
    const fromConversions: ConversionLayerOut[] = [];
    const conversionYears = [...new Set(conversions.map((c) => c.year))]
      .filter((y) => y <= year)
      .sort((a, b) => a - b);
    for (const conversionYear of conversionYears) {
      const ofYear = conversions.flatMap((c, i) => (c.year === conversionYear ? [i] : []));
      let taxable = 0;
      let nontaxable = 0;
      for (const i of ofYear) taxable += take(i, (conversions[i]!.taxable ?? 0) - taken[i]!);
      for (const i of ofYear) nontaxable += take(i, conversions[i]!.amount - taken[i]!);
      if (taxable + nontaxable === 0) continue;
      const known = ofYear.every((i) => conversions[i]!.taxable !== null);
      fromConversions.push({
        conversionYear,
        amount: cents(taxable + nontaxable),
        taxable: known ? cents(taxable) : null,
        nontaxable: known ? cents(nontaxable) : null,
        withinFiveYears: year <= conversionYear + 4,
      });
    }
    conversions.forEach((_, i) => {
      orderedOut[i]!.set(year, cents(taken[i]!));
    });
    const exposed = fromConversions.filter((l) => l.withinFiveYears);
    const exposedToAdditionalTax = exposed.some((l) => l.taxable === null)
      ? null
      : cents(exposed.reduce((s, l) => s + (l.taxable ?? 0), 0));
    years.set(year, {
      year,
      distributions: cents(total),
      contributionBasis: cents(contributionBasis),
      fromContributions: cents(fromContributions),
      fromConversions,
      earnings: cents(left),
      exposedToAdditionalTax,
      contributionBasisLeft: cents(contributionBasis - fromContributions),
      steps: [
        step(
          `Roth IRA distributions in ${year}, all Roth IRAs together`,
          cents(total),
          `${ORDERING}; Form 8606 line 19`,
        ),
        step(
          `Basis in regular contributions for ${year} and earlier (including those made by the deadline), less earlier years' distributions`,
          cents(contributionBasis),
          "IRC §219(f)(3), §408A(c)(7); Form 8606 line 22",
        ),
        step("Out of regular contributions", cents(fromContributions), ORDERING),
        ...fromConversions.flatMap((l) => [
          step(`Out of ${l.conversionYear} conversions and rollovers: taxable part`, l.taxable, ORDERING),
          step(
            `Out of ${l.conversionYear} conversions and rollovers: nontaxable part`,
            l.nontaxable,
            ORDERING,
          ),
        ]),
        step(
          "Out of earnings (taxable unless the distribution is qualified)",
          cents(left),
          "IRC §408A(d)(2); Form 8606 line 25",
        ),
        step(
          "Taxable conversion amounts within five years: subject to the 10% additional tax unless an exception applies",
          exposedToAdditionalTax,
          "IRC §408A(d)(3)(F)",
        ),
      ],
    });
  }
  return { years, orderedOut };
}
