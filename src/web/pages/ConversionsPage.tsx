import type { Form1099R } from "@megaroth/core/typed";
import {
  CONVERSION_ROUTES,
  type ConversionCost,
  type ConversionCostInput,
  compareCadences,
  conversionCost,
  FORM_8606_LINE_LABELS,
  FORM_8606_LINES,
  type Form8606,
  form8606,
  formatRational,
  formatUsd,
  PAY_FREQUENCIES,
  STANDARD_CADENCES,
} from "@megaroth/core/typed";
import { useMemo } from "preact/hooks";
import { ScrollBox, Section, SelectField, TextField } from "../components/fields.js";
import { FromPlanNotice, fromPlanHint, summaryOf } from "../components/from-plan.js";
import { ErrorBox, Figure, Steps, Warnings } from "../components/Why.js";
import { computeErrorMessage } from "../compute-error.js";
import {
  CONVERSIONS_FORM_DEFAULTS,
  type ConversionsForm,
  readConversionCostInput,
  readForm8606Input,
} from "../conversions-form.js";
import {
  ACCOUNT_KIND_LABELS,
  CADENCE_LABELS,
  cadenceLabel,
  FREQUENCY_LABELS,
  ROUTE_LABELS,
  routeLabel,
} from "../labels.js";
import { conversionsFromPlan, readPlanSituation, useOverrides } from "../situation.js";

function attempt<T>(compute: () => T): { value: T | null; error: string | null } {
  try {
    return { value: compute(), error: null };
  } catch (error) {
    return { value: null, error: computeErrorMessage(error) };
  }
}

/** Conversions: cost by cadence and route, the expected Forms 1099-R, and Form 8606 line by line. */
export function ConversionsPage() {
  const situation = useMemo(readPlanSituation, []);
  const fromPlan = useMemo(() => (situation ? conversionsFromPlan(situation) : {}), [situation]);
  const base = useMemo(() => ({ ...CONVERSIONS_FORM_DEFAULTS, ...fromPlan }), [fromPlan]);
  const [form, setForm, overridden, usePlan] = useOverrides<ConversionsForm>("conversions", base);
  // the plan's own pay dates and amounts, while the fields they come from follow the plan
  const planContributions =
    situation &&
    situation.contributions.length > 0 &&
    !["afterTax", "payFrequency", "year"].some((k) => overridden.has(k as keyof ConversionsForm))
      ? situation.contributions
      : null;
  const cost = useMemo(() => readConversionCostInput(form, planContributions), [form, planContributions]);
  const f8606 = useMemo(() => readForm8606Input(form), [form]);
  const results = useMemo(() => {
    const input = cost.input;
    if (!input) return null;
    return attempt(() => ({
      chosen: conversionCost(input),
      byCadence: compareCadences(input),
      byRoute: CONVERSION_ROUTES.map((route) =>
        conversionCost({ ...input, route } satisfies ConversionCostInput),
      ),
    }));
  }, [cost]);
  const form8606Result = useMemo(() => (f8606.input ? attempt(() => form8606(f8606.input!)) : null), [f8606]);
  const errors = { ...cost.errors, ...f8606.errors };
  const labels: Partial<Record<keyof ConversionsForm, string>> = {};
  const planHint = (id: keyof ConversionsForm, hint?: string) =>
    fromPlanHint(id in fromPlan && !overridden.has(id), hint);
  const text = (
    id: keyof ConversionsForm,
    label: string,
    hint?: string,
    kind: "money" | "percent" | "whole" | "text" = "money",
  ) => {
    labels[id] = label;
    const shownHint = planHint(id, hint);
    return (
      <TextField
        id={`conv-${id}`}
        label={label}
        value={String(form[id])}
        error={errors[id]}
        onInput={(value) => setForm({ ...form, [id]: value })}
        inputMode={kind === "whole" ? "numeric" : kind === "text" ? "text" : "decimal"}
        {...(kind === "money" ? { format: "money" as const } : {})}
        {...(shownHint ? { hint: shownHint } : {})}
      />
    );
  };
  const select = (
    id: keyof ConversionsForm,
    label: string,
    options: readonly (readonly [string, string])[],
  ) => {
    labels[id] = label;
    const shownHint = planHint(id);
    return (
      <SelectField
        id={`conv-${id}`}
        label={label}
        value={String(form[id])}
        options={options}
        onChange={(value) => setForm({ ...form, [id]: value })}
        {...(shownHint ? { hint: shownHint } : {})}
      />
    );
  };
  return (
    <>
      <h1>Conversions</h1>
      <FromPlanNotice situation={situation} overridden={overridden.size} onUsePlan={usePlan} />
      <div class="layout">
        <form aria-label="Conversion assumptions" onSubmit={(e) => e.preventDefault()}>
          <fieldset>
            <legend>Your taxes</legend>
            {text("year", "Tax year", undefined, "whole")}
            {select("filingStatus", "Filing status", [
              ["single", "Single"],
              ["mfj", "Married filing jointly"],
              ["mfs", "Married filing separately"],
              ["hoh", "Head of household"],
            ])}
            {select("rateKind", "Federal tax on the earnings", [
              ["schedule", "Tax schedule, my income"],
              ["marginal", "A marginal rate I give"],
            ])}
            {form.rateKind === "schedule"
              ? text("taxableIncome", "Other taxable income ($)")
              : text("marginalRate", "Federal marginal rate (%)", undefined, "percent")}
            {text("stateRate", "State income tax rate (%)", undefined, "percent")}
          </fieldset>
          <fieldset>
            <legend>After-tax contributions and conversions</legend>
            {text(
              "afterTax",
              "After-tax contributions this year ($)",
              planContributions
                ? "Paid with each paycheck as the plan schedules"
                : "Spread evenly over the paychecks",
            )}
            {select(
              "payFrequency",
              "Pay frequency",
              PAY_FREQUENCIES.map((f) => [f, FREQUENCY_LABELS[f] ?? f] as const),
            )}
            {text("returnRate", "Annual return before conversion (%)", "May be negative, e.g. -5", "text")}
            {select(
              "cadence",
              "Conversion cadence",
              STANDARD_CADENCES.map((c) => [c, CADENCE_LABELS[c] ?? c] as const),
            )}
            {text("lagDays", "Days from paycheck to automatic conversion", undefined, "whole")}
            {select(
              "route",
              "Route to Roth",
              CONVERSION_ROUTES.map((r) => [r, ROUTE_LABELS[r] ?? r] as const),
            )}
            {text("fee", "Fee per conversion ($)")}
          </fieldset>
          <fieldset>
            <legend>Form 8606 (traditional IRAs)</legend>
            {text("nondeductibleContributions", "Line 1: nondeductible contributions ($)")}
            {text("priorBasis", "Line 2: basis from last year's line 14 ($)")}
            {text("contributionsNextYear", "Line 4: part of line 1 made Jan 1–Apr 15 next year ($)")}
            {text("yearEndValue", "Line 6: value of all traditional IRAs on Dec 31 ($)")}
            {text("iraDistributions", "Line 7: distributions ($)")}
            {text("iraConverted", "Line 8: converted to Roth IRAs ($)")}
            {select("ratio", "Line 10 precision", [
              ["exact", "Exact ratio"],
              ["3dp", "Three decimals (as the form allows)"],
            ])}
          </fieldset>
        </form>
        <div>
          <ErrorBox
            title="Fix these to see the conversions and Form 8606"
            messages={[...summaryOf(errors, labels), ...(results?.error ? [results.error] : [])]}
          />
          {results?.value && (
            <>
              <ChosenConversions cost={results.value.chosen} />
              <Comparison
                title="Cadences compared (same route)"
                id="cadences"
                rows={results.value.byCadence}
                by="cadence"
              />
              <Comparison
                title="Routes compared (same cadence)"
                id="routes"
                rows={results.value.byRoute}
                by="route"
              />
            </>
          )}
          <ErrorBox
            title="Form 8606 cannot be computed"
            messages={form8606Result?.error ? [form8606Result.error] : []}
          />
          {form8606Result?.value && <Form8606View form={form8606Result.value} />}
        </div>
      </div>
    </>
  );
}

function box(form: Form1099R): string {
  const to =
    form.destination === "cash"
      ? "paid out"
      : `to ${ACCOUNT_KIND_LABELS[form.destination] ?? routeLabel(form.destination)}`;
  return `box 1 ${formatUsd(form.box1)}, 2a ${formatUsd(form.box2a)}, 5 ${formatUsd(form.box5)}, 7 ${form.box7}${form.box10 === null ? "" : `, 10 ${formatUsd(form.box10)}`} (${to})`;
}

function ChosenConversions(props: { cost: ConversionCost }) {
  const { cost } = props;
  return (
    <Section
      title={`Conversions: ${cadenceLabel(cost.cadence)} · ${routeLabel(cost.route)}`}
      id="conversions"
    >
      <dl class="figures">
        <Figure
          label="Taxable earnings converted"
          value={formatUsd(cost.totalTaxable)}
          steps={cost.steps}
          testId="totalTaxable"
        />
        <Figure label="Tax on them" value={formatUsd(cost.totalTax)} steps={cost.steps} testId="totalTax" />
        <Figure label="Fees" value={formatUsd(cost.totalFees)} steps={cost.steps} testId="totalFees" />
        <Figure
          label="Left unconverted at Dec 31 (basis + earnings)"
          value={`${formatUsd(cost.unconverted.basis)} + ${formatUsd(cost.unconverted.earnings)}`}
          steps={cost.steps}
          testId="unconverted"
        />
      </dl>
      <Warnings warnings={cost.warnings} title="Conversion warnings" />
      <ScrollBox label="Each conversion and its Form 1099-R">
        <table data-testid="conversions">
          <caption>Each conversion and the Form 1099-R to expect</caption>
          <thead>
            <tr>
              <th scope="col" class="text">
                Date
              </th>
              <th scope="col">Converted</th>
              <th scope="col">Basis</th>
              <th scope="col">Taxable</th>
              <th scope="col">Tax</th>
              <th scope="col" class="text">
                Form 1099-R
              </th>
            </tr>
          </thead>
          <tbody>
            {cost.conversions.map((c) => (
              <tr key={c.date}>
                <td class="text">{c.date}</td>
                <td>{formatUsd(c.amount)}</td>
                <td>{formatUsd(c.basis)}</td>
                <td>{formatUsd(c.taxable)}</td>
                <td>{formatUsd(c.tax)}</td>
                <td class="text wrap">{c.forms1099R.map(box).join("; ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <details>
        <summary>Why: how each conversion's earnings, tax and 1099-R are figured</summary>
        <Steps steps={cost.steps} />
      </details>
      {cost.fiveYearClocks.length > 0 && (
        <p>
          Five-year clocks:{" "}
          {cost.fiveYearClocks
            .map(
              (k) =>
                `${k.conversionYear} conversion, taxable ${formatUsd(k.taxableAmount)}, ${k.period.startsOn} to ${k.period.endsOn}`,
            )
            .join("; ")}
          .
        </p>
      )}
    </Section>
  );
}

function Comparison(props: {
  title: string;
  id: string;
  rows: readonly ConversionCost[];
  by: "cadence" | "route";
}) {
  return (
    <Section title={props.title} id={props.id}>
      <ScrollBox label={props.title}>
        <table data-testid={props.id} class="cards full">
          <caption class="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.by === "cadence" ? "Cadence" : "Route to Roth"}</th>
              <th scope="col">Conversions</th>
              <th scope="col">Taxable</th>
              <th scope="col">Tax</th>
              <th scope="col">Fees</th>
              <th scope="col">Tax + fees</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((c) => (
              <tr key={c[props.by]}>
                <th scope="row" class="text" data-code={c[props.by]}>
                  {props.by === "cadence" ? cadenceLabel(c.cadence) : routeLabel(c.route)}
                </th>
                <td data-label="Conversions">{c.conversions.length}</td>
                <td data-label="Taxable">{formatUsd(c.totalTaxable)}</td>
                <td data-label="Tax">{formatUsd(c.totalTax)}</td>
                <td data-label="Fees">{formatUsd(c.totalFees)}</td>
                <td data-label="Tax + fees">
                  <dl class="inline-figure">
                    <Figure
                      label={`${props.by === "cadence" ? cadenceLabel(c.cadence) : routeLabel(c.route)} total cost`}
                      value={formatUsd(c.totalCost)}
                      steps={c.steps}
                    />
                  </dl>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </Section>
  );
}

function Form8606View(props: { form: Form8606 }) {
  const { form } = props;
  return (
    <Section title={`Form 8606, ${form.year}, line by line`} id="form8606">
      <ScrollBox label="Form 8606 lines">
        <table data-testid="form8606">
          <caption>Lines as the form numbers them; a blank line is left out</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col" class="text">
                What it is
              </th>
              <th scope="col">Amount</th>
            </tr>
          </thead>
          <tbody>
            {FORM_8606_LINES.map((line) => {
              if (line === "10") {
                return form.line10 === null ? null : (
                  <tr key={line}>
                    <th scope="row" class="text">
                      10
                    </th>
                    <td class="text">{FORM_8606_LINE_LABELS["10"]}</td>
                    <td data-col="amount">
                      {formatRational(form.line10, form.ratioPrecision === "exact" ? 6 : 3)}
                      {form.line10Exact &&
                        form.ratioPrecision !== "exact" &&
                        ` (exact ${formatRational(form.line10Exact, 6)})`}
                    </td>
                  </tr>
                );
              }
              const amount = form.lines[line];
              return amount === undefined ? null : (
                <tr key={line}>
                  <th scope="row" class="text">
                    {line}
                  </th>
                  <td class="text">{FORM_8606_LINE_LABELS[line]}</td>
                  <td data-col="amount">{formatUsd(amount)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
      <details>
        <summary>Why: each line's computation and its instruction</summary>
        <Steps steps={form.steps} />
      </details>
      <dl class="figures">
        <Figure
          label="Taxable amount (to Form 1040 line 4b)"
          value={formatUsd(form.taxableAmount)}
          steps={form.steps}
          testId="f8606-taxable"
        />
        <Figure
          label="Basis carried to next year's line 2"
          value={formatUsd(form.basisCarriedForward)}
          steps={form.steps}
          testId="f8606-basis"
        />
      </dl>
      <Warnings warnings={form.warnings} title="Form 8606 warnings" />
    </Section>
  );
}
