import * as v from "valibot";
import {
  type EmployersRoom,
  employersRoom as employersRule,
  type OtherEmployer,
  type ThisPlan,
} from "../rules/employers.js";
import { basisPoints } from "../rules/money/percent.js";
import {
  type SelfEmployedRoomResult,
  selfEmployedRoom as selfEmployedRule,
} from "../rules/self-employed-room.js";
import {
  age,
  amount,
  bool,
  type Checked,
  checkInput,
  InputError,
  input,
  NONE,
  optionalAmount,
  rate,
  type Shape,
  STEPS,
  toChecked,
  year,
} from "./check.js";
import type { Money } from "./money.js";
import { afterTaxCap, ROOM_SHAPE, type RoomArgs, roomInput } from "./room.js";

const SelfEmployedArgs = input({
  year,
  age,
  netProfit: amount,
  w2WagesElsewhere: optionalAmount,
  deferrals: amount,
  nonelective: v.optional(rate),
  afterTaxCap: v.optional(afterTaxCap),
  planOffersRoth: v.optional(bool),
  otherEmployerDeferrals: optionalAmount,
  relatedEmployerAdditions: optionalAmount,
});

/** What {@link selfEmployedRoom} takes: a self-employed owner's year in their own plan (solo 401(k), partnership plan). */
export interface SelfEmployedArgs {
  readonly year: number;
  /** Age on December 31. */
  readonly age: number;
  /** Net profit: Schedule C line 31, or Schedule K-1 (Form 1065) box 14 code A. */
  readonly netProfit: Money;
  /** Social security wages from W-2 jobs this year (they use up the wage base first). */
  readonly w2WagesElsewhere?: Money;
  /** Pre-tax + Roth deferrals to the owner's plan. */
  readonly deferrals: Money;
  /** The plan's nonelective (profit-sharing) rate, 0–25% of compensation, `"25%"`; default 0%. */
  readonly nonelective?: string;
  readonly afterTaxCap?: string | Money;
  readonly planOffersRoth?: boolean;
  readonly otherEmployerDeferrals?: Money;
  readonly relatedEmployerAdditions?: Money;
}

const SE_SHAPE: Shape<SelfEmployedRoomResult> = {
  ...ROOM_SHAPE,
  compensation: "money",
  selfEmployment: {
    scheduleSE: Object.fromEntries(
      ["line3", "line4a", "line6", "line7", "line8d", "line9", "line10", "line11", "line12", "line13"].map(
        (l) => [l, "money"],
      ),
    ) as Shape<SelfEmployedRoomResult["selfEmployment"]["scheduleSE"]>,
    selfEmploymentTax: "money",
    halfSelfEmploymentTax: "money",
    netEarnings: "money",
    employerNonelective: "money",
    compensation: "money",
    steps: STEPS,
  },
};

/** What {@link selfEmployedRoom} returns: the room, plus the owner's compensation and Schedule SE. */
export type SelfEmployedRoomReport = Checked<SelfEmployedRoomResult>;

function selfEmployedInput(fn: string, args: SelfEmployedArgs) {
  const a = checkInput(fn, SelfEmployedArgs, args);
  return {
    year: a.year,
    ageAtYearEnd: a.age,
    netProfit: a.netProfit,
    w2WagesElsewhere: a.w2WagesElsewhere ?? NONE,
    electiveDeferrals: a.deferrals,
    nonelectiveBp: a.nonelective ?? basisPoints(0),
    afterTaxCap: a.afterTaxCap ?? null,
    planOffersRoth: a.planOffersRoth ?? true,
    otherEmployerDeferrals: a.otherEmployerDeferrals ?? NONE,
    relatedEmployerAdditions: a.relatedEmployerAdditions ?? NONE,
  };
}

/**
 * After-tax room for a self-employed owner: compensation is earned income (IRC §401(c)(2)) from net profit,
 * less half the SE tax and the owner's own employer contribution; then the employee rules of 415(c) and 402(g).
 */
export function selfEmployedRoom(args: SelfEmployedArgs): SelfEmployedRoomReport {
  return toChecked(selfEmployedRule(selfEmployedInput("selfEmployedRoom", args)), SE_SHAPE);
}

const OtherEmployerArgs = input({
  name: v.string("expected the employer's name (text)"),
  deferrals: optionalAmount,
  related: v.optional(bool),
  additions: optionalAmount,
  compensation: v.optional(v.nullable(amount)),
});

const EmployersArgs = input({
  name: v.string("expected this plan's employer's name (text)"),
  others: v.array(OtherEmployerArgs, "expected an array of the other employers"),
  employee: v.optional(v.unknown()),
  selfEmployed: v.optional(v.unknown()),
});

/** What {@link employersRoom} takes: this plan (`employee` or `selfEmployed`) and the year's other employers. */
export interface EmployersArgs {
  /** What the person calls this plan's employer. */
  readonly name: string;
  /** This plan, for an employee: what {@link contributionRoom} takes. */
  readonly employee?: RoomArgs;
  /** This plan, for a self-employed owner: what {@link selfEmployedRoom} takes. */
  readonly selfEmployed?: SelfEmployedArgs;
  readonly others: readonly {
    readonly name: string;
    /** Pre-tax + Roth deferrals at that employer's plan this year. */
    readonly deferrals?: Money;
    /** In the same controlled group as this plan's employer (one shared 415(c) limit). */
    readonly related?: boolean;
    /** Employer and after-tax contributions at that plan. */
    readonly additions?: Money;
    readonly compensation?: Money | null;
  }[];
}

const EMPLOYERS: Shape<EmployersRoom> = {
  thisPlan: ROOM_SHAPE,
  employers: {
    deferrals: "money",
    annualAdditionsLimit: "money",
    annualAdditions: "money",
    afterTaxRoom: "money",
    steps: STEPS,
  },
  personDeferrals: "money",
  personDeferralLimit: "money",
};

/**
 * Two or more employers in one year: 402(g) and the catch-up are the person's across every plan; 415(c) is per
 * employer, shared by related employers (IRC §415(f)). Each employer's after-tax room side by side.
 */
export function employersRoom(args: EmployersArgs): Checked<EmployersRoom> {
  const fn = "employersRoom";
  const a = checkInput(fn, EmployersArgs, args);
  if ((a.employee === undefined) === (a.selfEmployed === undefined))
    throw new InputError(fn, [{ path: "employee", message: "give employee or selfEmployed (one of them)" }]);
  const thisPlan: ThisPlan =
    a.employee !== undefined
      ? { kind: "employee", input: roomInput(fn, a.employee as RoomArgs) }
      : { kind: "self-employed", input: selfEmployedInput(fn, a.selfEmployed as SelfEmployedArgs) };
  const others: OtherEmployer[] = a.others.map((o) => ({
    name: o.name,
    deferrals: o.deferrals ?? NONE,
    related: o.related ?? false,
    additions: o.additions ?? NONE,
    compensation: o.compensation ?? null,
  }));
  return toChecked(employersRule({ name: a.name, thisPlan, others }), EMPLOYERS);
}
