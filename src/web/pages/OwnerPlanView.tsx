import { formatUsd, type OwnerPlan } from "@megaroth/core/typed";
import { ScrollBox, Section } from "../components/fields.js";
import { Figure, Steps, Warnings } from "../components/Why.js";

/** What each deposit is, in the saver's words (the codes stay in JSON and the CLI). */
const DEPOSIT_WORDS: Readonly<Record<OwnerPlan["deposits"][number]["kind"], string>> = {
  "deferral-election": "Sign the deferral election",
  "after-tax": "Deposit the after-tax contributions",
  deferrals: "Deposit the deferrals",
  "employer-nonelective": "Deposit the employer contribution",
};

function longDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString("en-US", {
    timeZone: "UTC",
    year: "numeric",
    month: "long",
    day: "numeric",
  });
}

/** The owner's figures, each with the plan's steps behind its "Why?". */
const OWNER_FIGURES = [
  ["After-tax room", "afterTaxRoom"],
  ["After-tax planned", "afterTaxTotal"],
  ["Employer contribution", "employerNonelective"],
  ["Your compensation (earned income)", "compensation"],
  ["Self-employment tax", "selfEmploymentTax"],
  ["Deferrals planned", "deferralTotal"],
  ["Catch-up planned", "catchUpTotal"],
] as const satisfies readonly (readonly [string, keyof OwnerPlan])[];

/** A self-employed owner's year: no paychecks, a schedule of deposits by the plan's deadlines. */
export function OwnerPlanView(props: { plan: OwnerPlan }) {
  const { plan } = props;
  const returnName =
    plan.business === "partnership" ? "the partnership return (Form 1065)" : "your Form 1040";
  return (
    <>
      <Section title="Your year" id="summary">
        <dl class="figures">
          {OWNER_FIGURES.map(([label, key]) => (
            <Figure key={key} label={label} value={formatUsd(plan[key])} steps={plan.steps} testId={key} />
          ))}
          <Figure
            label="Annual additions / 415(c) limit"
            value={`${formatUsd(plan.annualAdditions)} / ${formatUsd(plan.annualAdditionsLimit)}`}
            steps={plan.steps}
            testId="annualAdditions"
          />
        </dl>
      </Section>
      <Warnings warnings={plan.warnings} />
      <Section title="Deposits to make" id="deposits">
        <p>
          You are self-employed, so there are no paychecks: the plan takes your money as deposits by its
          deadlines. The later dates assume you extend {returnName}; without an extension they come earlier
          (shown).
        </p>
        <ScrollBox label="Deposits by their deadlines">
          <table data-testid="deposits">
            <caption>Deposits by their deadlines</caption>
            <thead>
              <tr>
                <th scope="col" class="text">
                  By
                </th>
                <th scope="col" class="text">
                  What
                </th>
                <th scope="col">Amount</th>
                <th scope="col" class="text">
                  Without an extension
                </th>
              </tr>
            </thead>
            <tbody>
              {plan.deposits.map((d) => (
                <tr key={d.kind} data-kind={d.kind}>
                  <td class="text">{longDate(d.dueDate)}</td>
                  <td class="text">{DEPOSIT_WORDS[d.kind]}</td>
                  <td data-col="amount">{formatUsd(d.amount)}</td>
                  <td class="text">{d.dueWithoutExtension ? longDate(d.dueWithoutExtension) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
        <details class="no-print">
          <summary>Why: how your compensation, the employer contribution and the room are figured</summary>
          <Steps steps={plan.steps} />
        </details>
      </Section>
    </>
  );
}
