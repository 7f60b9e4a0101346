import type { Eligibility, SuppliedFigure, SuppliedFigureBook } from "@megaroth/core/typed";
import {
  type BasisPoints,
  CONVERSION_CADENCES,
  cents,
  dollarsToCents,
  ELECTION_INCREMENTS,
  employersRoom,
  formatElection,
  formatUsd,
  type OwnerPlan,
  PAY_FREQUENCIES,
  type PaycheckPlan,
  planOwnerDeposits,
  planPaychecks,
  type Scenario,
  type ScenarioError,
  scenarioOtherEmployers,
  sum as sumCents,
  withSuppliedFigures,
  ZERO,
} from "@megaroth/core/typed";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  CheckboxField,
  type Need,
  ScrollBox,
  Section,
  SelectField,
  TextAreaField,
  TextField,
} from "../components/fields.js";
import { SuppliedFiguresNote, SuppliedFiguresUpload } from "../components/SuppliedFigures.js";
import { ErrorBox, Figure, Steps, Warnings } from "../components/Why.js";
import { computeErrorMessage } from "../compute-error.js";
import {
  AVOIDED_ALTERNATIVE_CODES,
  CADENCE_LABELS,
  electionChangesText,
  FREQUENCY_LABELS,
  ROUTE_STATUS_LABELS,
  routeLabel,
} from "../labels.js";
import { FIRST_ANSWER_STEPS, useRefinedPlan } from "../planner-client.js";
import { download, importScenarioText, scenarioText } from "../scenario-file.js";
import {
  type FormField,
  type FormReading,
  fieldOfPath,
  readScenarioForm,
  SCENARIO_FORM_DEFAULTS,
  type ScenarioForm,
  YTD_REQUIRED,
  ytdInUse,
} from "../scenario-form.js";
import { useUrlState } from "../url-state.js";
import { OwnerPlanView } from "./OwnerPlanView.js";

const FEATURE_OPTIONS = [
  ["yes", "Yes"],
  ["no", "No"],
  ["unknown", "Don't know"],
] as const;

type Planned = { kind: "paychecks"; plan: PaycheckPlan } | { kind: "owner"; plan: OwnerPlan };

/**
 * The first answer on each edit, with a small two-change search budget. Where the search needed more, the plan
 * is provisional and the worker's full answer replaces it (`useRefinedPlan`): what settles on screen is always
 * the planner's answer, the same as `megaroth plan`'s.
 */
function planOf(
  scenario: NonNullable<ReturnType<typeof readScenarioForm>["scenario"]>,
  book: SuppliedFigureBook | null,
): {
  plan: Planned | null;
  supplied: readonly SuppliedFigure[];
  error: string | null;
} {
  try {
    // a year not on file computes with the IRS figures the user added (each marked as theirs)
    const { result, supplied } = withSuppliedFigures(
      book,
      (): Planned =>
        // A self-employed owner has no paychecks: the plan is a schedule of deposits.
        scenario.pay.selfEmployed
          ? { kind: "owner", plan: planOwnerDeposits(scenario) }
          : { kind: "paychecks", plan: planPaychecks(scenario, { multiChangeSteps: FIRST_ANSWER_STEPS }) },
    );
    return { plan: result, supplied, error: null };
  } catch (error) {
    return { plan: null, supplied: [], error: computeErrorMessage(error) };
  }
}

/**
 * The planner: the eligibility check first, then the scenario as a form, recomputed on every change, with the
 * room, the elections to set, the per-paycheck table and the warnings. The scenario lives in the URL and can
 * be imported and exported as the JSON or YAML file `megaroth plan` reads.
 */
const BONUSES_LABEL = "Bonuses (one per line: date and amount)";

/**
 * Every error that keeps the plan from showing, beside the results where the figures were: each names its
 * field by the form's label (and, for the core's checks, by its path in the scenario file).
 */
function errorSummary(reading: FormReading, labels: Partial<Record<FormField, string>>): string[] {
  const labelOf = (field: FormField) => labels[field] ?? field;
  if (reading.scenarioErrors.length === 0) {
    return Object.entries(reading.fieldErrors).map(
      ([field, message]) => `${labelOf(field as FormField)} — ${message}`,
    );
  }
  return reading.scenarioErrors.map((e) => {
    const field = fieldOfPath(e.path);
    return field ? `${labelOf(field)} — ${e.message}` : e.message;
  });
}

export function PlannerPage() {
  const [form, setForm] = useUrlState<ScenarioForm>("scenario", SCENARIO_FORM_DEFAULTS);
  const [importErrors, setImportErrors] = useState<readonly ScenarioError[]>([]);
  const [undo, setUndo] = useState<ScenarioForm | null>(null);
  const [book, setBook] = useState<SuppliedFigureBook | null>(null);
  const reading = useMemo(() => readScenarioForm(form), [form]);
  const first = useMemo(() => (reading.scenario ? planOf(reading.scenario, book) : null), [reading, book]);
  const provisional = first?.plan?.kind === "paychecks" && first.plan.plan.provisional === true;
  const refinedPlan = useRefinedPlan(reading.scenario ?? null, book, provisional);
  const refined =
    refinedPlan === null
      ? null
      : refinedPlan.plan
        ? {
            plan: { kind: "paychecks" as const, plan: refinedPlan.plan },
            supplied: refinedPlan.supplied,
            error: null,
          }
        : { plan: null, supplied: [], error: refinedPlan.error };
  const result = refined ?? first;
  const update = (patch: Partial<ScenarioForm>) => setForm({ ...form, ...patch });
  const owner = form.payKind === "self-employed";
  // Each field's label as rendered, so the summary of errors beside the results names fields as the form does.
  const labels: Partial<Record<FormField, string>> = { bonuses: BONUSES_LABEL };
  // the labels as the last render gave them: the import errors are shown above the form that fills `labels`
  const lastLabels = useRef(labels);
  useEffect(() => {
    lastLabels.current = labels;
  });

  const text = (
    id: FormField,
    label: string,
    hint?: string,
    options: { need?: Need; kind?: "money" | "whole" | "percent" | "text" } = {},
  ) => {
    labels[id] = label;
    const kind = options.kind ?? (label.includes("($") ? "money" : "text");
    return (
      <TextField
        id={`planner-${id}`}
        label={label}
        value={String(form[id])}
        error={reading.fieldErrors[id]}
        onInput={(value) => update({ [id]: value })}
        inputMode={kind === "whole" ? "numeric" : kind === "text" ? "text" : "decimal"}
        need={options.need}
        {...(kind === "money" ? { format: "money" as const } : {})}
        {...(hint ? { hint } : {})}
      />
    );
  };
  const select = (
    id: FormField,
    label: string,
    options: readonly (readonly [string, string])[],
    hint?: string,
  ) => {
    labels[id] = label;
    return (
      <SelectField
        id={`planner-${id}`}
        label={label}
        value={String(form[id])}
        options={options}
        onChange={(value) => update({ [id]: value })}
        {...(hint ? { hint } : {})}
      />
    );
  };
  const feature = (id: FormField, label: string) => select(id, label, FEATURE_OPTIONS);

  const onImport = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const imported = await importScenarioText(file.name, await file.text());
    input.value = "";
    if (imported.ok) {
      setImportErrors([]);
      setForm(imported.form);
    } else {
      setImportErrors(imported.errors);
    }
  };
  const onExport = async (format: "json" | "yaml") => {
    if (!reading.json) return;
    download(
      `scenario.${format}`,
      await scenarioText(reading.json, format),
      format === "json" ? "application/json" : "application/yaml",
    );
  };

  return (
    <>
      <h1>Planner</h1>
      <div class="toolbar no-print">
        <label class="file-button">
          Import scenario (JSON or YAML)
          <input
            id="planner-import"
            type="file"
            accept=".json,.yaml,.yml,application/json"
            onChange={onImport}
          />
        </label>
        <button type="button" class="secondary" disabled={!reading.json} onClick={() => onExport("json")}>
          Export JSON
        </button>
        <button type="button" class="secondary" disabled={!reading.json} onClick={() => onExport("yaml")}>
          Export YAML
        </button>
        <button type="button" class="secondary" onClick={() => print()}>
          Print report
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setUndo(form);
            setForm(SCENARIO_FORM_DEFAULTS);
          }}
        >
          Start over
        </button>
        <SuppliedFiguresUpload
          book={book}
          year={/^\d{4}$/.test(form.year.trim()) ? Number(form.year) : null}
          onChange={setBook}
        />
      </div>
      {undo && (
        <p class="notice no-print" role="status" data-testid="start-over-undo">
          The form is back to the example scenario.{" "}
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setForm(undo);
              setUndo(null);
            }}
          >
            Undo start over
          </button>
        </p>
      )}
      <ErrorBox
        title="The file was not imported"
        messages={importErrors.map((e) => {
          const field = fieldOfPath(e.path);
          const label = field ? lastLabels.current[field] : undefined;
          const where = label ? `${label} (${e.path} in the file)` : e.path;
          return `${where}: ${e.message}`;
        })}
      />
      {result && <SuppliedFiguresNote supplied={result.supplied} />}
      {result?.plan && <EligibilityView eligibility={result.plan.plan.eligibility} />}
      <div class="layout">
        <form aria-label="Scenario" onSubmit={(e) => e.preventDefault()}>
          <fieldset>
            <legend>You</legend>
            {text("year", "Tax year", undefined, { kind: "whole" })}
            {text("ageAtYearEnd", "Age at the end of the year", undefined, { kind: "whole" })}
            {select("filingStatus", "Filing status", [
              ["single", "Single"],
              ["mfj", "Married filing jointly"],
              ["mfs", "Married filing separately"],
              ["hoh", "Head of household"],
            ])}
          </fieldset>
          <fieldset>
            <legend>Pay</legend>
            {select("payKind", "You are paid as", [
              ["employee", "An employee (paychecks)"],
              ["self-employed", "Self-employed (net profit)"],
            ])}
            {owner ? (
              <>
                {text("netProfit", "Net profit ($)", "Schedule C line 31, or Schedule K-1 box 14")}
                {select("business", "Business", [
                  ["sole-proprietorship", "Sole proprietorship (Schedule C)"],
                  ["partnership", "Partnership (Schedule K-1)"],
                ])}
                {text(
                  "w2WagesElsewhere",
                  "W-2 social security wages from a job this year ($, optional)",
                  "Box 3 of your W-2s: they use up the Social Security wage base first",
                )}
              </>
            ) : form.kept.paychecks === undefined ? (
              <>
                {text("salary", "Annual salary ($)")}
                {select(
                  "frequency",
                  "Pay frequency",
                  PAY_FREQUENCIES.map((f) => [f, FREQUENCY_LABELS[f] ?? f] as const),
                )}
              </>
            ) : (
              <p class="notice">
                Pay: the {(form.kept.paychecks as unknown[]).length} paychecks listed in the imported file.{" "}
                <button
                  type="button"
                  class="secondary"
                  onClick={() => update({ kept: { ...form.kept, paychecks: undefined } })}
                >
                  Use a salary instead
                </button>
              </p>
            )}
            {!owner && (
              <>
                <TextAreaField
                  id="planner-bonuses"
                  label={BONUSES_LABEL}
                  hint="e.g. 2026-03-15 10,000"
                  value={form.bonuses}
                  error={reading.fieldErrors.bonuses}
                  onInput={(value) => update({ bonuses: value })}
                />
                {text("firstPayDate", "First pay date", "YYYY-MM-DD", { need: "optional" })}
                {text("startDate", "Start date if hired this year", "YYYY-MM-DD", { need: "optional" })}
                {text(
                  "priorYearFicaWages",
                  "Prior-year FICA wages from this employer ($)",
                  "Empty if newly hired",
                  { need: "optional" },
                )}
                {text("withholdingPct", "Income tax withholding (% of gross)", undefined, {
                  need: "optional",
                  kind: "percent",
                })}
              </>
            )}
          </fieldset>
          <fieldset data-testid="other-employer">
            <legend>Another employer this year</legend>
            {select(
              "otherEmployer",
              "Another employer's plan this year",
              [
                ["none", "None"],
                ["unrelated", "Yes, unrelated"],
                ["related", "Yes, related"],
              ],
              "Related: same controlled group, one 415(c) limit for both",
            )}
            {form.otherEmployer !== "none" && (
              <>
                {text("otherEmployerName", "Its name", undefined, { kind: "text" })}
                {text(
                  "otherEmployerDeferrals",
                  "Deferrals there this year ($)",
                  "Pre-tax and Roth, catch-up included",
                )}
                {text(
                  "otherEmployerAdditions",
                  "Employer and after-tax contributions there ($)",
                  "Match, nonelective and after-tax money at that plan",
                  { need: "optional" },
                )}
                {text(
                  "otherEmployerPay",
                  "Pay there this year ($)",
                  "Its 415(c) limit is at most 100% of it",
                  {
                    need: "optional",
                  },
                )}
              </>
            )}
            {(form.kept.otherEmployerDeferrals !== undefined ||
              form.kept.relatedEmployerAdditions !== undefined) && (
              <p class="hint" data-testid="kept-other-totals">
                The imported file also gives totals for other employers
                {form.kept.otherEmployerDeferrals !== undefined
                  ? `: ${formatUsd(dollarsToCents(Number(form.kept.otherEmployerDeferrals)))} of deferrals`
                  : ""}
                {form.kept.relatedEmployerAdditions !== undefined
                  ? `, ${formatUsd(dollarsToCents(Number(form.kept.relatedEmployerAdditions)))} of annual additions at a related employer`
                  : ""}
                ; they are kept and counted.
              </p>
            )}
          </fieldset>
          <fieldset>
            <legend>Plan rules</legend>
            {!owner &&
              text("match", "Employer match", 'Tiers, e.g. "100%@3%,50%@2%", or "none"', { kind: "text" })}
            {!owner &&
              select("matchPeriod", "Match computed", [
                ["per-paycheck", "Each paycheck, no true-up"],
                ["annual-true-up", "With a year-end true-up"],
                ["unknown", "Don't know"],
              ])}
            {owner
              ? text(
                  "nonelective",
                  "Employer (profit-sharing) contribution, % of your compensation",
                  "0–25%",
                  {
                    kind: "percent",
                  },
                )
              : text("nonelective", "Nonelective employer contribution (%)", undefined, { kind: "percent" })}
            {feature("afterTaxAllowed", "Plan accepts after-tax contributions")}
            {select("afterTaxCapKind", "Plan cap on after-tax", [
              ["none", "No plan cap"],
              ["percent", "Percent of pay"],
              ["dollars", "Dollar amount"],
            ])}
            {form.afterTaxCapKind !== "none" &&
              text(
                "afterTaxCap",
                form.afterTaxCapKind === "percent" ? "After-tax cap (%)" : "After-tax cap ($)",
              )}
            {select(
              "electionIncrement",
              "Elections in steps of",
              ELECTION_INCREMENTS.map((i) => [i, i === "dollars" ? "dollar amounts" : i] as const),
            )}
            {text("maxElectionPct", "Largest election the plan allows (%)", undefined, {
              need: "optional",
              kind: "percent",
            })}
            {select(
              "percentElectionsApplyTo",
              "Percent elections are taken from",
              [
                ["capped-pay", "Pay up to the limit (usual)"],
                ["gross-pay", "All pay, even above it"],
              ],
              "The limit: the year's 401(a)(17) compensation limit",
            )}
            <CheckboxField
              id="planner-separateBonusElection"
              label="Separate election for bonuses"
              checked={form.separateBonusElection}
              onChange={(checked) => update({ separateBonusElection: checked })}
            />
            {!owner && feature("payrollStopsDeferralsAt402g", "Payroll stops deferrals at the 402(g) limit")}
            {!owner && feature("payrollStopsAfterTaxAt415c", "Payroll stops after-tax at the 415(c) limit")}
            {feature("roth", "Plan offers Roth deferrals")}
            {feature("inPlanRothConversion", "In-plan Roth conversion")}
            {feature("inServiceWithdrawal", "In-service withdrawal of after-tax money")}
            {feature("automaticConversion", "Automatic conversion")}
            {select(
              "conversionCadence",
              "In-plan conversion cadence",
              CONVERSION_CADENCES.map((c) => [c, CADENCE_LABELS[c] ?? c] as const),
            )}
          </fieldset>
          {!owner && (
            <fieldset>
              <legend>Year to date (re-plan mid-year)</legend>
              {text("ytdPaychecksPaid", "Paychecks already paid this year", "Empty to plan the whole year", {
                need: "optional",
                kind: "whole",
              })}
              {form.ytdPaychecksPaid.trim() !== "" && (
                <>
                  {text("ytdGross", "Gross paid so far ($)", undefined, { need: "optional" })}
                  {(
                    [
                      ["ytdDeferrals", "Deferrals so far, catch-up included ($)"],
                      ["ytdMatch", "Employer match so far ($)"],
                      ["ytdNonelective", "Employer nonelective so far ($)"],
                      ["ytdAfterTax", "After-tax contributions so far ($)"],
                    ] as const
                  ).map(([id, label]) =>
                    text(
                      id,
                      label,
                      "0 if none",
                      ytdInUse(form) && YTD_REQUIRED.includes(id) ? { need: "required" } : {},
                    ),
                  )}
                </>
              )}
            </fieldset>
          )}
          <fieldset>
            <legend>Goal</legend>
            {text("goalDeferrals", 'Deferrals for the year ("max" or $)', undefined, { kind: "text" })}
            {text("goalAfterTax", 'After-tax for the year ("max" or $)', undefined, { kind: "text" })}
          </fieldset>
        </form>
        {/* busy while the worker computes the full answer in place of a provisional first one */}
        <div aria-busy={provisional && refined === null ? "true" : undefined} data-testid="plan-results">
          <ErrorBox
            title="Fix these to see the plan"
            messages={[...errorSummary(reading, labels), ...(result?.error ? [result.error] : [])]}
          />
          {result?.plan?.kind === "paychecks" && <PlanView plan={result.plan.plan} />}
          {result?.plan?.kind === "owner" && <OwnerPlanView plan={result.plan.plan} />}
          {result?.plan?.kind === "paychecks" &&
            reading.scenario &&
            (reading.scenario.otherEmployers?.length ?? 0) > 0 && (
              <EmployersRoom scenario={reading.scenario} plan={result.plan.plan} book={book} />
            )}
        </div>
      </div>
      {result?.plan?.kind === "paychecks" && (
        <PaycheckTable
          plan={result.plan.plan}
          markLowest={result.plan.plan.warnings.some((w) => TAKE_HOME_CODES.has(w.code))}
        />
      )}
      {result?.plan && (
        <section class="print-only" aria-label="How the plan is figured" data-testid="printed-steps">
          <h2>How the plan is figured</h2>
          <Steps steps={result.plan.plan.steps} />
        </section>
      )}
      {reading.json && <PrintedScenario json={reading.json} />}
    </>
  );
}

/** On paper only: the scenario the printed plan is for, as the JSON file `megaroth plan` would read. */
function PrintedScenario(props: { json: Record<string, unknown> }) {
  return (
    <section class="print-only" aria-label="Scenario of this report" data-testid="printed-scenario">
      <h2>Scenario (the file megaroth plan reads)</h2>
      <pre>{JSON.stringify(props.json, null, 1)}</pre>
    </section>
  );
}

/** The core's one-sentence answer, with each open route named in words rather than by its id. */
function answerInWords(eligibility: Eligibility): string {
  const open = eligibility.routes.filter((r) => r.status === "open");
  if (open.length === 0) return eligibility.answer;
  return `Mega backdoor Roth is open through ${open.map((r) => routeLabel(r.route).toLowerCase().replace("roth", "Roth").replace(/ira\b/, "IRA")).join(" or ")}.`;
}

function EligibilityView(props: { eligibility: Eligibility }) {
  const { eligibility } = props;
  return (
    <Section title="Can you do a mega backdoor Roth in this plan?" id="eligibility">
      <p data-testid="eligibility-answer">{answerInWords(eligibility)}</p>
      <ul>
        {eligibility.routes.map((r) => (
          <li key={r.route}>
            <span class={`route-${r.status}`}>{ROUTE_STATUS_LABELS[r.status] ?? r.status}</span>:{" "}
            {routeLabel(r.route)} — {r.reason}
          </li>
        ))}
      </ul>
      {eligibility.questions.length > 0 && (
        <>
          <h3>Ask your plan administrator</h3>
          <ol data-testid="questions">
            {eligibility.questions.map((q) => (
              <li key={q}>{q}</li>
            ))}
          </ol>
        </>
      )}
    </Section>
  );
}

/** The paycheck with the lowest take-home pay, which a person checks before electing. */
function lowestNetPay(plan: PaycheckPlan) {
  return plan.paychecks.reduce<PaycheckPlan["paychecks"][number] | null>(
    (low, p) => (low === null || p.netPay < low.netPay ? p : low),
    null,
  );
}

/** Codes of warnings about take-home pay, shown beside the elections (where a person looks). */
const TAKE_HOME_CODES: ReadonlySet<string> = new Set(["net-pay-limits-after-tax"]);

function PlanView(props: { plan: PaycheckPlan }) {
  const { plan } = props;
  const room = plan.room;
  // Mid-year, say which figures cover the rest of the year (the planned paychecks) and which the whole year.
  const rest = plan.paychecksPaid > 0 ? `, paychecks ${plan.paychecksPaid + 1} on` : "";
  const whole = plan.paychecksPaid > 0 ? ", whole year" : "";
  const low = lowestNetPay(plan);
  const problems = plan.warnings.filter(
    (w) => !AVOIDED_ALTERNATIVE_CODES.has(w.code) && !TAKE_HOME_CODES.has(w.code),
  );
  const avoided = plan.warnings.filter((w) => AVOIDED_ALTERNATIVE_CODES.has(w.code));
  const takeHome = plan.warnings.filter((w) => TAKE_HOME_CODES.has(w.code));
  return (
    <>
      <Section title="Your year" id="summary">
        <dl class="figures">
          <Figure
            label={`After-tax room${whole}`}
            value={formatUsd(plan.afterTaxRoom)}
            steps={plan.steps}
            testId="afterTaxRoom"
          />
          <Figure
            label={`After-tax planned${rest}`}
            value={formatUsd(plan.afterTaxTotal)}
            steps={plan.steps}
            testId="afterTaxTotal"
          />
          <Figure
            label={`Employer match${whole}`}
            value={formatUsd(plan.employerMatch)}
            steps={plan.steps}
            testId="employerMatch"
          />
          <Figure
            label="Match lost"
            value={formatUsd(plan.matchLost)}
            steps={plan.steps}
            testId="matchLost"
          />
          <Figure
            label={`Deferrals planned${rest}`}
            value={formatUsd(plan.deferralTotal)}
            steps={plan.steps}
            testId="deferralTotal"
          />
          <Figure
            label={`Catch-up planned${rest}`}
            value={formatUsd(plan.catchUpTotal)}
            steps={room.steps}
            testId="catchUpTotal"
          />
          <Figure
            label="Annual additions / 415(c) limit"
            value={`${formatUsd(plan.annualAdditions)} / ${formatUsd(plan.annualAdditionsLimit)}`}
            steps={plan.steps}
            testId="annualAdditions"
          />
          <Figure
            label="Room left unfilled"
            value={formatUsd(plan.shortfall)}
            steps={plan.steps}
            testId="shortfall"
          />
        </dl>
      </Section>
      <Warnings warnings={problems} title="Check these in this plan" testId="plan-problems" />
      <Section title="Elections to set" id="elections">
        <p data-testid="election-changes">
          Set these with payroll; this plan uses {electionChangesText(plan.electionChanges)} in the year.
        </p>
        <table data-testid="elections" class="cards">
          <caption class="visually-hidden">Elections, from the paycheck shown until the next change</caption>
          <thead>
            <tr>
              <th scope="col">From paycheck</th>
              <th scope="col" class="text">
                Date
              </th>
              <th scope="col">Deferral (pre-tax/Roth)</th>
              <th scope="col">After-tax</th>
            </tr>
          </thead>
          <tbody>
            {plan.elections.map((e) => (
              <tr key={e.fromPaycheck} data-from={e.fromPaycheck}>
                <td data-label="From paycheck">{e.fromPaycheck}</td>
                <td class="text" data-label="Date">
                  {e.date}
                </td>
                <td data-col="deferral" data-label="Deferral (pre-tax/Roth)">
                  {formatElection(e.deferral)}
                </td>
                <td data-col="afterTax" data-label="After-tax">
                  {formatElection(e.afterTax)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {low && (
          <p data-testid="lowest-take-home" class={takeHome.length > 0 ? "take-home low" : "take-home"}>
            Lowest take-home pay: <strong>{formatUsd(low.netPay)}</strong> on paycheck {low.n} ({low.date}),
            after FICA, deferrals and after-tax contributions
            {plan.paychecks.some((p) => p.netPay !== low.netPay) ? "" : " (every paycheck)"}.
          </p>
        )}
        <Warnings warnings={takeHome} title="Take-home pay" testId="take-home-warnings" />
        {plan.bonusElection && (
          <p>
            Bonus paychecks: deferral {formatElection(plan.bonusElection.deferral)}, after-tax{" "}
            {formatElection(plan.bonusElection.afterTax)}.
          </p>
        )}
        {plan.nextBetter && (
          <p>
            The next-better elections would fill the room but overshoot 415(c) by{" "}
            {formatUsd(plan.nextBetter.overshoot)}.
          </p>
        )}
        {plan.flatBaseline && (
          <p>
            For comparison, the best single flat after-tax election,{" "}
            {formatElection(plan.flatBaseline.afterTax)}, puts in {formatUsd(plan.flatBaseline.afterTaxTotal)}
            .
          </p>
        )}
        <Warnings
          warnings={avoided}
          title="Avoided by these elections"
          tone="info"
          testId="avoided-alternatives"
        />
      </Section>
    </>
  );
}

/** Every planned paycheck, across the page's full width so all its columns fit a laptop screen. */
function PaycheckTable(props: { plan: PaycheckPlan; markLowest: boolean }) {
  const { plan } = props;
  const showConverts = plan.paychecks.some((p) => p.converts > 0);
  const low = lowestNetPay(plan);
  return (
    <Section title="Paycheck by paycheck" id="paychecks">
      <details class="no-print">
        <summary>Why: how the elections and each paycheck's amounts are figured</summary>
        <Steps steps={plan.steps} />
      </details>
      <ScrollBox label="Every planned paycheck, exact to the cent">
        <table data-testid="paychecks" class="full">
          <caption>Every planned paycheck, exact to the cent</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col" class="text">
                Date
              </th>
              <th scope="col">Gross</th>
              <th scope="col">Pay elections apply to</th>
              <th scope="col">Deferral</th>
              <th scope="col">Catch-up</th>
              <th scope="col">Match</th>
              <th scope="col">After-tax</th>
              {showConverts && <th scope="col">Converts</th>}
              <th scope="col">Take-home pay</th>
              <th scope="col">YTD deferral</th>
              <th scope="col">YTD after-tax</th>
              <th scope="col">YTD annual additions</th>
            </tr>
          </thead>
          <tbody>
            {plan.paychecks.map((p) => (
              <tr key={p.n} class={props.markLowest && low && p.netPay === low.netPay ? "lowest" : undefined}>
                <td>{p.n}</td>
                <td class="text">
                  {p.date}
                  {p.bonus ? " (bonus)" : ""}
                </td>
                <td>{formatUsd(p.gross)}</td>
                <td data-col="eligiblePay">{formatUsd(p.eligiblePay)}</td>
                <td>{formatUsd(p.deferral)}</td>
                <td>{formatUsd(p.catchUp)}</td>
                <td>{formatUsd(p.match)}</td>
                <td>{formatUsd(p.afterTax)}</td>
                {showConverts && <td>{formatUsd(p.converts)}</td>}
                <td data-col="netPay">{formatUsd(p.netPay)}</td>
                <td>{formatUsd(p.ytdDeferral)}</td>
                <td>{formatUsd(p.ytdAfterTax)}</td>
                <td>{formatUsd(p.ytdAnnualAdditions)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </Section>
  );
}

/**
 * Each employer's room side by side: 402(g) and the catch-up are the person's, 415(c) is per unrelated employer
 * (IRC §415(c)(1), §415(f)). This employer's column is the plan's own room; the others are the core's
 * `employersRoom` for the scenario's other employers.
 */
function EmployersRoom(props: { scenario: Scenario; plan: PaycheckPlan; book: SuppliedFigureBook | null }) {
  const { scenario, plan, book } = props;
  const result = useMemo(() => {
    try {
      // a year not on file computes with the figures the user added, as the plan does
      const value = withSuppliedFigures(book, () =>
        employersRoom({
          name: "This employer",
          // only the other employers' rows are read: this plan's own room is the planner's (plan.afterTaxRoom)
          thisPlan: {
            kind: "employee",
            input: {
              year: scenario.year,
              ageAtYearEnd: scenario.ageAtYearEnd,
              compensation: sumCents(plan.paychecks.map((p) => p.gross)),
              electiveDeferrals: cents(plan.deferralTotal + plan.catchUpTotal),
              match: [],
              employerMatchGiven: plan.employerMatch,
              nonelectiveBp: 0 as BasisPoints,
              afterTaxCap: null,
              priorYearFicaWages: null,
              planOffersRoth: scenario.plan.roth === "yes",
              otherEmployerDeferrals: ZERO,
              relatedEmployerAdditions: ZERO,
            },
          },
          others: scenarioOtherEmployers(scenario),
        }),
      ).result;
      return { value, error: null };
    } catch (error) {
      return { value: null, error: computeErrorMessage(error) };
    }
  }, [scenario, plan, book]);
  if (!result.value) return <ErrorBox title="Each employer's room" messages={[result.error ?? ""]} />;
  const others = result.value.employers.slice(1);
  return (
    <Section title="Each employer's room" id="employers">
      <p class="hint">
        402(g) and the catch-up are yours across every plan; each unrelated employer has its own 415(c) limit,
        and a related one shares this plan's.
      </p>
      <table data-testid="employers-room" class="cards">
        <caption class="visually-hidden">Each employer's room</caption>
        <thead>
          <tr>
            <th scope="col">Employer</th>
            <th scope="col">Deferrals</th>
            <th scope="col">415(c) limit</th>
            <th scope="col">Annual additions</th>
            <th scope="col">After-tax room</th>
          </tr>
        </thead>
        <tbody>
          <tr data-employer="this">
            <th scope="row" class="text">
              This employer
            </th>
            <td data-label="Deferrals">{formatUsd(cents(plan.deferralTotal + plan.catchUpTotal))}</td>
            <td data-label="415(c) limit">{formatUsd(plan.annualAdditionsLimit)}</td>
            <td data-label="Annual additions">{formatUsd(plan.annualAdditions)}</td>
            <td data-label="After-tax room">{formatUsd(plan.afterTaxRoom)}</td>
          </tr>
          {others.map((e) => (
            <tr key={e.name} data-employer={e.kind}>
              <th scope="row" class="text">
                {e.name}
              </th>
              <td data-label="Deferrals">{formatUsd(e.deferrals)}</td>
              <td data-label="415(c) limit">
                {e.kind === "related" ? "shared with this employer" : formatUsd(e.annualAdditionsLimit)}
                {e.kind === "unrelated" && !e.compensationKnown ? " (pay there not given)" : ""}
              </td>
              <td data-label="Annual additions">{formatUsd(e.annualAdditions)}</td>
              <td data-label="After-tax room">
                <dl class="inline-figure">
                  <Figure
                    label={`${e.name}: after-tax room`}
                    value={
                      e.kind === "related"
                        ? `shared: ${formatUsd(plan.afterTaxRoom)}`
                        : formatUsd(e.afterTaxRoom)
                    }
                    steps={e.steps}
                    testId={`employer-room-${e.kind}`}
                  />
                </dl>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="person-deferrals">
        Your deferrals at every plan: {formatUsd(result.value.personDeferrals)} of your{" "}
        {formatUsd(result.value.personDeferralLimit)} limit (402(g) plus any catch-up).
      </p>
      <Warnings warnings={result.value.warnings} title="Across employers" />
    </Section>
  );
}
