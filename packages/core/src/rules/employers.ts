import { citeFigure, figure } from "../data/figures.js";
import { contributionRoom, type RoomInput, type RoomResult } from "./contribution-room.js";
import { type Step, step, type Warning } from "./explain.js";
import {
  type Cents,
  cents,
  dollarsToCents,
  formatUsd,
  minCents,
  nonNegative,
  sub,
  sum,
  wholeDollars,
  ZERO,
} from "./money/cents.js";
import type { Scenario } from "./scenario.js";
import { type SelfEmployedRoomInput, selfEmployedRoom } from "./self-employed-room.js";

/**
 * Two or more employers in one year (a job change, a day job plus a side business): IRC §402(g) and the
 * catch-up are the person's, across every plan; IRC §415(c) is per employer — unrelated employers each have
 * their own limit, related ones (one controlled group, §414(b)/(c) as modified by §415(h)) share one (§415(f)).
 */

/** Another employer in the year, as the person knows it. */
export interface OtherEmployer {
  readonly name: string;
  /** Pre-tax + Roth deferrals at that employer's plan this year. */
  readonly deferrals: Cents;
  /** In the same controlled group as this plan's employer: one shared 415(c) limit. */
  readonly related: boolean;
  /** Employer contributions (match, nonelective) and after-tax contributions at that employer's plan. */
  readonly additions: Cents;
  /** Compensation from that employer (its 100%-of-compensation limit); null when not known. */
  readonly compensation: Cents | null;
}

/** The plan being planned: an employee's (`contributionRoom`) or a self-employed owner's (`selfEmployedRoom`). */
export type ThisPlan =
  | { readonly kind: "employee"; readonly input: RoomInput }
  | { readonly kind: "self-employed"; readonly input: SelfEmployedRoomInput };

export interface EmployersInput {
  /** What the person calls this plan's employer ("My business", "Acme"). */
  readonly name: string;
  readonly thisPlan: ThisPlan;
  readonly others: readonly OtherEmployer[];
}

export interface EmployerRoom {
  readonly name: string;
  /** "this-plan"; "related" (shares this plan's 415(c) limit); "unrelated" (a 415(c) limit of its own). */
  readonly kind: "this-plan" | "related" | "unrelated";
  readonly deferrals: Cents;
  /** The 415(c) limit this employer's additions count against (shared for related employers). */
  readonly annualAdditionsLimit: Cents;
  /** Whether the limit includes 100% of compensation (false: compensation not given, dollar limit only). */
  readonly compensationKnown: boolean;
  /** Deferrals within the 402(g) dollar amount at this employer (annual additions there) + its other additions. */
  readonly annualAdditions: Cents;
  /** After-tax room left under that limit (for a related employer: the one room it shares with this plan). */
  readonly afterTaxRoom: Cents;
  readonly steps: readonly Step[];
}

export interface EmployersRoom {
  readonly thisPlan: RoomResult;
  readonly employers: readonly EmployerRoom[];
  /** The person's deferrals at every plan, and the person's limit (402(g) + the catch-up limit, if allowed). */
  readonly personDeferrals: Cents;
  readonly personDeferralLimit: Cents;
  readonly warnings: readonly Warning[];
}

/** The other employers' deferrals (all) and related employers' annual additions (shared 415(c)), for `RoomInput`. */
export function otherEmployerTotals(
  year: number,
  others: readonly OtherEmployer[],
): { otherEmployerDeferrals: Cents; relatedEmployerDeferrals: Cents; relatedEmployerAdditions: Cents } {
  const limit402g = wholeDollars(figure("electiveDeferralLimit", year));
  return {
    // IRC §402(g)(1): one limit per person across all plans.
    otherEmployerDeferrals: sum(others.map((o) => o.deferrals)),
    // IRC §401(a)(30): a related employer's deferrals also count in this employer's own 402(g) limit.
    relatedEmployerDeferrals: sum(others.filter((o) => o.related).map((o) => o.deferrals)),
    // IRC §415(f): a related employer's deferrals (within the 402(g) amount) and other additions share the limit.
    relatedEmployerAdditions: sum(
      others.filter((o) => o.related).map((o) => cents(minCents(o.deferrals, limit402g) + o.additions)),
    ),
  };
}

/** Each employer's 415(c) room side by side, and the person's 402(g) + catch-up across all of them. */
export function employersRoom(input: EmployersInput): EmployersRoom {
  const year = input.thisPlan.input.year;
  const totals = otherEmployerTotals(year, input.others);
  const base = input.thisPlan.input;
  const withOthers = {
    otherEmployerDeferrals: cents(base.otherEmployerDeferrals + totals.otherEmployerDeferrals),
    relatedEmployerDeferrals: cents(
      (base.relatedEmployerDeferrals ?? ZERO) + totals.relatedEmployerDeferrals,
    ),
    relatedEmployerAdditions: cents(base.relatedEmployerAdditions + totals.relatedEmployerAdditions),
  };
  const thisPlan =
    input.thisPlan.kind === "employee"
      ? contributionRoom({ ...input.thisPlan.input, ...withOthers })
      : selfEmployedRoom({ ...input.thisPlan.input, ...withOthers });

  const limit402g = wholeDollars(figure("electiveDeferralLimit", year));
  const limit415 = wholeDollars(figure("annualAdditionsLimit", year));
  const employers: EmployerRoom[] = [
    {
      name: input.name,
      kind: "this-plan",
      deferrals: base.electiveDeferrals,
      annualAdditionsLimit: thisPlan.annualAdditionsLimit,
      compensationKnown: true,
      annualAdditions: sub(thisPlan.annualAdditions, thisPlan.afterTaxRoom),
      afterTaxRoom: thisPlan.afterTaxRoom,
      steps: thisPlan.steps,
    },
  ];
  for (const o of input.others) {
    if (o.related) {
      employers.push({
        name: o.name,
        kind: "related",
        deferrals: o.deferrals,
        annualAdditionsLimit: thisPlan.annualAdditionsLimit,
        compensationKnown: true,
        annualAdditions: cents(minCents(o.deferrals, limit402g) + o.additions),
        afterTaxRoom: thisPlan.afterTaxRoom,
        steps: [
          step(
            `Related to ${input.name}: one 415(c) limit for both, the after-tax room is shared`,
            thisPlan.afterTaxRoom,
            "IRC §415(f)(1)(B), §415(h); Treas. Reg. §1.415(f)-1",
          ),
        ],
      });
      continue;
    }
    const limit = o.compensation === null ? limit415 : minCents(limit415, o.compensation);
    // Treas. Reg. §1.401(a)-30(a), §1.414(v)-1: deferrals are catch-ups only above this employer's own limit.
    const counted = minCents(o.deferrals, limit402g);
    const additions = cents(counted + o.additions);
    const room = nonNegative(sub(limit, additions));
    employers.push({
      name: o.name,
      kind: "unrelated",
      deferrals: o.deferrals,
      annualAdditionsLimit: limit,
      compensationKnown: o.compensation !== null,
      annualAdditions: additions,
      afterTaxRoom: room,
      steps: [
        step(
          o.compensation === null
            ? "415(c) limit of its own: the dollar limit (compensation not given)"
            : "415(c) limit of its own: the lesser of the dollar limit and 100% of compensation",
          limit,
          `IRC §415(c)(1); ${citeFigure("annualAdditionsLimit", year)}`,
        ),
        step("Deferrals there within the 402(g) amount (annual additions there)", counted, "IRC §415(c)(2)"),
        step("Employer and after-tax contributions there", o.additions, "IRC §415(c)(2)"),
        step(
          "After-tax room left at that employer (if its plan takes after-tax money)",
          room,
          "IRC §415(c)(1)",
        ),
      ],
    });
  }
  const personDeferrals = cents(base.electiveDeferrals + withOthers.otherEmployerDeferrals);
  const personDeferralLimit = cents(limit402g + (thisPlan.catchUpAllowed ? thisPlan.catchUpLimit : ZERO));
  const warnings: Warning[] = [...thisPlan.warnings];
  for (const e of employers) {
    if (e.kind === "unrelated" && e.annualAdditions > e.annualAdditionsLimit) {
      warnings.push({
        code: "excess-annual-additions-elsewhere",
        message: `at ${e.name}, deferrals and other contributions ${formatUsd(e.annualAdditions)} exceed that employer's 415(c) limit ${formatUsd(e.annualAdditionsLimit)}`,
      });
    }
  }
  return { thisPlan, employers, personDeferrals, personDeferralLimit, warnings };
}

/** A scenario's `otherEmployers`, in cents. */
export function scenarioOtherEmployers(s: Scenario): OtherEmployer[] {
  return (s.otherEmployers ?? []).map((o) => ({
    name: o.name,
    deferrals: dollarsToCents(o.deferrals),
    related: o.related ?? false,
    additions: dollarsToCents(o.additions ?? 0),
    compensation: o.compensation === undefined ? null : dollarsToCents(o.compensation),
  }));
}
