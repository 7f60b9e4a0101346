import type { Eligibility, SuppliedFigureBook } from "@megaroth/core/typed";
import {
  CONVERSION_CADENCES,
  ELECTION_INCREMENTS,
  formatElection,
  formatUsd,
  PAY_FREQUENCIES,
  type PaycheckPlan,
  planPaychecks,
  type ScenarioError,
  withSuppliedFigures,
} from "@megaroth/core/typed";
import { useMemo, useState } from "preact/hooks";
import {
  CheckboxField,
  ScrollBox,
  Section,
  SelectField,
  TextAreaField,
  TextField,
} from "../components/fields.js";
import { SuppliedFiguresNote, SuppliedFiguresUpload } from "../components/SuppliedFigures.js";
import { ErrorBox, Figure, Steps, Warnings } from "../components/Why.js";
import { computeErrorMessage } from "../compute-error.js";
import { download, importScenarioText, scenarioText } from "../scenario-file.js";
import {
  FIELD_OF_PATH,
  type FormField,
  type FormReading,
  readScenarioForm,
  SCENARIO_FORM_DEFAULTS,
  type ScenarioForm,
} from "../scenario-form.js";
import { useUrlState } from "../url-state.js";

const FEATURE_OPTIONS = [
  ["yes", "Yes"],
  ["no", "No"],
  ["unknown", "Don't know"],
] as const;

function planOf(
  scenario: NonNullable<ReturnType<typeof readScenarioForm>["scenario"]>,
  book: SuppliedFigureBook | null,
) {
  try {
    const { result, supplied } = withSuppliedFigures(book, () => planPaychecks(scenario));
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
    const field = FIELD_OF_PATH[e.path.replace(/\[\d+\].*$/, "")];
    return `${field ? `${labelOf(field)} — ` : ""}${e.path}: ${e.message}`;
  });
}

export function PlannerPage() {
  const [form, setForm] = useUrlState<ScenarioForm>("scenario", SCENARIO_FORM_DEFAULTS);
  const [importErrors, setImportErrors] = useState<readonly ScenarioError[]>([]);
  const [book, setBook] = useState<SuppliedFigureBook | null>(null);
  const reading = useMemo(() => readScenarioForm(form), [form]);
  const result = useMemo(() => (reading.scenario ? planOf(reading.scenario, book) : null), [reading, book]);
  const update = (patch: Partial<ScenarioForm>) => setForm({ ...form, ...patch });
  // Each field's label as rendered, so the summary of errors beside the results names fields as the form does.
  const labels: Partial<Record<FormField, string>> = { bonuses: BONUSES_LABEL };

  const text = (id: FormField, label: string, hint?: string) => {
    labels[id] = label;
    return (
      <TextField
        id={`planner-${id}`}
        label={label}
        value={String(form[id])}
        error={reading.fieldErrors[id]}
        onInput={(value) => update({ [id]: value })}
        {...(hint ? { hint } : {})}
      />
    );
  };
  const select = (id: FormField, label: string, options: readonly (readonly [string, string])[]) => {
    labels[id] = label;
    return (
      <SelectField
        id={`planner-${id}`}
        label={label}
        value={String(form[id])}
        options={options}
        onChange={(value) => update({ [id]: value })}
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
        <button type="button" class="secondary" onClick={() => setForm(SCENARIO_FORM_DEFAULTS)}>
          Start over
        </button>
        <SuppliedFiguresUpload
          book={book}
          year={/^\d{4}$/.test(form.year.trim()) ? Number(form.year) : null}
          onChange={setBook}
        />
      </div>
      <ErrorBox
        title="The file was not imported"
        messages={importErrors.map((e) => `${e.path}: ${e.message}`)}
      />
      {result && <SuppliedFiguresNote supplied={result.supplied} />}
      {result?.plan && <EligibilityView eligibility={result.plan.eligibility} />}
      <div class="layout">
        <form aria-label="Scenario" onSubmit={(e) => e.preventDefault()}>
          <fieldset>
            <legend>You</legend>
            {text("year", "Tax year")}
            {text("ageAtYearEnd", "Age at the end of the year")}
            {select("filingStatus", "Filing status", [
              ["single", "Single"],
              ["mfj", "Married filing jointly"],
              ["mfs", "Married filing separately"],
              ["hoh", "Head of household"],
            ])}
          </fieldset>
          <fieldset>
            <legend>Pay</legend>
            {form.kept.paychecks === undefined ? (
              <>
                {text("salary", "Annual salary ($)")}
                {select(
                  "frequency",
                  "Pay frequency",
                  PAY_FREQUENCIES.map((f) => [f, f] as const),
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
            <TextAreaField
              id="planner-bonuses"
              label={BONUSES_LABEL}
              hint="e.g. 2026-03-15 10,000"
              value={form.bonuses}
              error={reading.fieldErrors.bonuses}
              onInput={(value) => update({ bonuses: value })}
            />
            {text("firstPayDate", "First pay date (YYYY-MM-DD, optional)")}
            {text("startDate", "Start date if hired this year (optional)")}
            {text(
              "priorYearFicaWages",
              "Prior-year FICA wages from this employer ($)",
              "Empty if newly hired",
            )}
            {text("withholdingPct", "Income tax withholding (% of gross, optional)")}
            {text("otherEmployerDeferrals", "Deferrals at other employers this year ($)")}
          </fieldset>
          <fieldset>
            <legend>Plan rules</legend>
            {text("match", "Employer match", 'Tiers, e.g. "100%@3%,50%@2%", or "none"')}
            {select("matchPeriod", "Match computed", [
              ["per-paycheck", "Each paycheck, no true-up"],
              ["annual-true-up", "With a year-end true-up"],
              ["unknown", "Don't know"],
            ])}
            {text("nonelective", "Nonelective employer contribution (%)")}
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
            {text("maxElectionPct", "Largest election the plan allows (%, optional)")}
            <CheckboxField
              id="planner-separateBonusElection"
              label="Separate election for bonuses"
              checked={form.separateBonusElection}
              onChange={(checked) => update({ separateBonusElection: checked })}
            />
            {feature("payrollStopsDeferralsAt402g", "Payroll stops deferrals at the 402(g) limit")}
            {feature("payrollStopsAfterTaxAt415c", "Payroll stops after-tax at the 415(c) limit")}
            {feature("roth", "Plan offers Roth deferrals")}
            {feature("inPlanRothConversion", "In-plan Roth conversion")}
            {feature("inServiceWithdrawal", "In-service withdrawal of after-tax money")}
            {feature("automaticConversion", "Automatic conversion")}
            {select(
              "conversionCadence",
              "In-plan conversion cadence",
              CONVERSION_CADENCES.map((c) => [c, c] as const),
            )}
            {text("relatedEmployerAdditions", "Annual additions at a related employer ($)")}
          </fieldset>
          <fieldset>
            <legend>Year to date (re-plan mid-year)</legend>
            {text("ytdPaychecksPaid", "Paychecks already paid this year", "Empty to plan the whole year")}
            {form.ytdPaychecksPaid.trim() !== "" && (
              <>
                {text("ytdGross", "Gross paid so far ($, optional)")}
                {text("ytdDeferrals", "Deferrals so far, catch-up included ($)")}
                {text("ytdMatch", "Employer match so far ($)")}
                {text("ytdNonelective", "Employer nonelective so far ($)")}
                {text("ytdAfterTax", "After-tax contributions so far ($)")}
              </>
            )}
          </fieldset>
          <fieldset>
            <legend>Goal</legend>
            {text("goalDeferrals", 'Deferrals for the year ("max" or $)')}
            {text("goalAfterTax", 'After-tax for the year ("max" or $)')}
          </fieldset>
        </form>
        <div>
          <ErrorBox
            title="Fix these to see the plan"
            messages={[...errorSummary(reading, labels), ...(result?.error ? [result.error] : [])]}
          />
          {result?.plan && <PlanView plan={result.plan} />}
        </div>
      </div>
      {result?.plan && (
        <section class="print-only" aria-label="How the plan is figured" data-testid="printed-steps">
          <h2>How the plan is figured</h2>
          <Steps steps={result.plan.steps} />
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

function EligibilityView(props: { eligibility: Eligibility }) {
  const { eligibility } = props;
  return (
    <Section title="Can you do a mega backdoor Roth in this plan?" id="eligibility">
      <p data-testid="eligibility-answer">{eligibility.answer}</p>
      <ul>
        {eligibility.routes.map((r) => (
          <li key={r.route}>
            <span class={`route-${r.status}`}>{r.status}</span>: {r.route} — {r.reason}
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

function PlanView(props: { plan: PaycheckPlan }) {
  const { plan } = props;
  const room = plan.room;
  const showConverts = plan.paychecks.some((p) => p.converts > 0);
  return (
    <>
      <Section title="Your year" id="summary">
        <dl class="figures">
          <Figure
            label="After-tax room"
            value={formatUsd(plan.afterTaxRoom)}
            steps={plan.steps}
            testId="afterTaxRoom"
          />
          <Figure
            label="After-tax planned"
            value={formatUsd(plan.afterTaxTotal)}
            steps={plan.steps}
            testId="afterTaxTotal"
          />
          <Figure
            label="Employer match"
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
            label="Deferrals planned"
            value={formatUsd(plan.deferralTotal)}
            steps={plan.steps}
            testId="deferralTotal"
          />
          <Figure
            label="Catch-up planned"
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
      <Warnings warnings={plan.warnings} />
      <Section title="Elections to set" id="elections">
        <ScrollBox label="Set these with payroll (from the paycheck shown until the next change)">
          <table data-testid="elections">
            <caption>Set these with payroll (from the paycheck shown until the next change)</caption>
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
                  <td>{e.fromPaycheck}</td>
                  <td class="text">{e.date}</td>
                  <td data-col="deferral">{formatElection(e.deferral)}</td>
                  <td data-col="afterTax">{formatElection(e.afterTax)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
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
      </Section>
      <Section title="Paycheck by paycheck" id="paychecks">
        <details class="no-print">
          <summary>Why: how the elections and each paycheck's amounts are figured</summary>
          <Steps steps={plan.steps} />
        </details>
        <ScrollBox label="Every planned paycheck, exact to the cent">
          <table data-testid="paychecks">
            <caption>Every planned paycheck, exact to the cent</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col" class="text">
                  Date
                </th>
                <th scope="col">Gross</th>
                <th scope="col">Deferral</th>
                <th scope="col">Catch-up</th>
                <th scope="col">Match</th>
                <th scope="col">After-tax</th>
                {showConverts && <th scope="col">Converts</th>}
                <th scope="col">Net pay</th>
                <th scope="col">YTD deferral</th>
                <th scope="col">YTD after-tax</th>
                <th scope="col">YTD annual additions</th>
              </tr>
            </thead>
            <tbody>
              {plan.paychecks.map((p) => (
                <tr key={p.n}>
                  <td>{p.n}</td>
                  <td class="text">
                    {p.date}
                    {p.bonus ? " (bonus)" : ""}
                  </td>
                  <td>{formatUsd(p.gross)}</td>
                  <td>{formatUsd(p.deferral)}</td>
                  <td>{formatUsd(p.catchUp)}</td>
                  <td>{formatUsd(p.match)}</td>
                  <td>{formatUsd(p.afterTax)}</td>
                  {showConverts && <td>{formatUsd(p.converts)}</td>}
                  <td>{formatUsd(p.netPay)}</td>
                  <td>{formatUsd(p.ytdDeferral)}</td>
                  <td>{formatUsd(p.ytdAfterTax)}</td>
                  <td>{formatUsd(p.ytdAnnualAdditions)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </Section>
    </>
  );
}
