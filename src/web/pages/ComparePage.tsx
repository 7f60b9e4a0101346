import type { MonteCarloResult } from "@megaroth/core/typed";
import {
  type BasisPoints,
  type ContributionTypeTable,
  contributionTypeTable,
  type EqualBudgetProjection,
  formatPercent,
  formatUsd,
  projectEqualBudget,
  RETURN_SERIES_IDS,
  STRATEGIES,
  type StrategyName,
} from "@megaroth/core/typed";
import { useMemo, useState } from "preact/hooks";
import {
  COMPARE_FORM_DEFAULTS,
  type CompareForm,
  MAX_PAGE_PATHS,
  parseCompareForm,
  readTableYear,
} from "../compare-form.js";
import { ScrollBox, Section, SelectField, TextField } from "../components/fields.js";
import { FromPlanNotice, fromPlanHint, summaryOf } from "../components/from-plan.js";
import { type ChartSeries, LineChart } from "../components/LineChart.js";
import { ErrorBox, Figure, Steps, Warnings } from "../components/Why.js";
import { computeErrorMessage } from "../compute-error.js";
import { STRATEGY_LABELS as LABELS } from "../labels.js";
import { useMonteCarlo } from "../monte-carlo-client.js";
import { compareFromPlan, readPlanSituation, useOverrides } from "../situation.js";

const STRATEGY_LABELS = LABELS as Record<StrategyName, string>;

const STRATEGY_COLORS: Record<StrategyName, string> = {
  "pre-tax": "#0b5394",
  roth: "#1d7a2a",
  "after-tax": "#8a4b00",
  "after-tax-converted": "#6a1b9a",
  taxable: "#555555",
};

/** Pre-tax vs Roth vs after-tax (converted or not) vs taxable: one deterministic line and a Monte Carlo. */
export function ComparePage() {
  const situation = useMemo(readPlanSituation, []);
  const fromPlan = useMemo(() => (situation ? compareFromPlan(situation) : {}), [situation]);
  const base = useMemo(() => ({ ...COMPARE_FORM_DEFAULTS, ...fromPlan }), [fromPlan]);
  const [form, setForm, overridden, usePlan] = useOverrides<CompareForm>("compare", base);
  const planHint = (id: keyof CompareForm, hint?: string) =>
    fromPlanHint(id in fromPlan && !overridden.has(id), hint);
  const labels: Partial<Record<keyof CompareForm, string>> = {};
  const parsed = useMemo(() => parseCompareForm(form), [form]);
  const projection = useMemo(() => {
    if (!parsed.assumptions) return { value: null, error: null };
    try {
      return { value: projectEqualBudget(parsed.assumptions), error: null };
    } catch (error) {
      return { value: null, error: computeErrorMessage(error) };
    }
  }, [parsed]);
  const monteCarlo = useMonteCarlo(parsed.assumptions, parsed.monteCarlo);
  const tableYear = useMemo(() => readTableYear(form), [form]);
  const types = useMemo(() => {
    if (!tableYear.value) return null;
    const { year, age } = tableYear.value;
    try {
      return {
        value: contributionTypeTable(year, age, {
          roth: form.roth,
          afterTax: form.afterTax,
          inPlanRothConversion: form.inPlanRothConversion,
          inServiceWithdrawal: form.inServiceWithdrawal,
          automaticConversion: form.automaticConversion,
        }),
        error: null,
      };
    } catch (error) {
      return { value: null, error: computeErrorMessage(error) };
    }
  }, [form, tableYear]);
  const errors = { ...parsed.errors, ...tableYear.errors };
  const feature = (
    id: "roth" | "afterTax" | "inPlanRothConversion" | "inServiceWithdrawal" | "automaticConversion",
    label: string,
  ) => {
    const hint = planHint(id);
    return (
      <SelectField
        id={`compare-${id}`}
        label={label}
        value={form[id]}
        options={[
          ["yes", "Yes"],
          ["no", "No"],
          ["unknown", "Don't know"],
        ]}
        onChange={(value) => setForm({ ...form, [id]: value })}
        {...(hint ? { hint } : {})}
      />
    );
  };
  const field = (
    id: keyof CompareForm,
    label: string,
    hint?: string,
    kind: "money" | "percent" | "whole" = "percent",
  ) => {
    labels[id] = label;
    const shown = planHint(id, hint);
    return (
      <TextField
        id={`compare-${id}`}
        label={label}
        value={String(form[id])}
        error={errors[id]}
        onInput={(value) => setForm({ ...form, [id]: value })}
        inputMode={kind === "whole" ? "numeric" : "decimal"}
        {...(kind === "money" ? { format: "money" as const } : {})}
        {...(shown ? { hint: shown } : {})}
      />
    );
  };
  return (
    <>
      <h1>Compare contribution types</h1>
      <FromPlanNotice situation={situation} overridden={overridden.size} onUsePlan={usePlan} />
      <div class="layout">
        <form aria-label="Assumptions" onSubmit={(e) => e.preventDefault()}>
          <fieldset>
            <legend>You and your plan</legend>
            {field("year", "Tax year", undefined, "whole")}
            {field("age", "Age at the end of the year", undefined, "whole")}
            {feature("roth", "Plan offers Roth deferrals")}
            {feature("afterTax", "Plan accepts after-tax contributions")}
            {feature("inPlanRothConversion", "In-plan Roth conversion")}
            {feature("inServiceWithdrawal", "In-service withdrawal of after-tax money")}
            {feature("automaticConversion", "Automatic conversion")}
          </fieldset>
          <fieldset>
            <legend>Budget and horizon</legend>
            {field("budget", "Pre-tax dollars set aside per year ($)", undefined, "money")}
            {field("contributionYears", "Contribution years", undefined, "whole")}
            {field("horizonYears", "Years to retirement", undefined, "whole")}
          </fieldset>
          <fieldset>
            <legend>Tax rates (%)</legend>
            <SelectField
              id="compare-rateNowFrom"
              label="Federal rate now"
              value={form.rateNowFrom}
              options={[
                ["entered", "As I enter it"],
                ["self-employed", "From my self-employment net profit"],
              ]}
              onChange={(value) => setForm({ ...form, rateNowFrom: value as CompareForm["rateNowFrom"] })}
            />
            {form.rateNowFrom === "entered" ? (
              field("rateNow", "Federal marginal rate now")
            ) : (
              <>
                {field("netProfit", "Net profit ($)", "Schedule C line 31, or Schedule K-1 box 14")}
                {field("w2Wages", "W-2 wages from a job this year ($, optional)")}
                <SelectField
                  id="compare-filingStatus"
                  label="Filing status"
                  value={form.filingStatus}
                  options={[
                    ["single", "Single"],
                    ["mfj", "Married filing jointly"],
                    ["mfs", "Married filing separately"],
                    ["hoh", "Head of household"],
                  ]}
                  onChange={(value) =>
                    setForm({ ...form, filingStatus: value as CompareForm["filingStatus"] })
                  }
                />
                {parsed.assumptions && (
                  <div data-testid="owner-rate-now">
                    Rate now on the budget's dollars of your income (net profit less half the self-employment
                    tax): {formatPercent(parsed.assumptions.rateNowBp as BasisPoints)}. It leaves out the
                    qualified business income deduction, which can make the saving up to a fifth smaller.
                    <details>
                      <summary>Why</summary>
                      <Steps steps={parsed.rateNowSteps} />
                    </details>
                  </div>
                )}
              </>
            )}
            {field("rateRetirement", "Federal marginal rate in retirement")}
            {field("stateRateNow", "State rate now")}
            {field("stateRateRetirement", "State rate in retirement")}
            {field("dividendTaxRate", "Federal rate on dividends")}
            {field("capitalGainsRate", "Federal long-term capital gains rate")}
          </fieldset>
          <fieldset>
            <legend>Returns and costs (%)</legend>
            {field("returnRate", "Expected return per year")}
            {field("dividendYield", "Dividend yield (taxable account)")}
            {field("fee", "Annual fee")}
            {field(
              "conversionEveryYears",
              "Convert after-tax money every N years",
              "0 = converted at once",
              "whole",
            )}
          </fieldset>
          <fieldset>
            <legend>Monte Carlo</legend>
            <SelectField
              id="compare-model"
              label="Return model"
              value={form.model}
              options={[
                ["lognormal", "Lognormal"],
                ...RETURN_SERIES_IDS.map((id) => [id, `History: ${seriesLabel(id)}`] as const),
              ]}
              onChange={(value) => setForm({ ...form, model: value as CompareForm["model"] })}
            />
            {form.model === "lognormal" && field("volatility", "Volatility (standard deviation, %)")}
            {field("paths", `Paths (1–${MAX_PAGE_PATHS.toLocaleString("en-US")})`, undefined, "whole")}
            {field("seed", "Seed (same seed, same result)", undefined, "whole")}
          </fieldset>
        </form>
        <div>
          <ErrorBox
            title="Fix these to see the comparison"
            messages={[
              ...summaryOf(errors, labels),
              ...(types?.error ? [types.error] : []),
              ...(projection.error ? [projection.error] : []),
            ]}
          />
          {types?.value && <TypesTable table={types.value} />}
          {projection.value && <Deterministic projection={projection.value} />}
          <Section title="Monte Carlo" id="monte-carlo">
            <div class="progress-area" aria-live="polite" data-testid="mc-status">
              {monteCarlo.status === "running" && (
                <>
                  <label for="mc-progress">
                    Simulating {Number(form.paths.trim()).toLocaleString("en-US")} paths in the background
                    {monteCarlo.previous ? "; the figures below are for the previous inputs" : ""}…
                  </label>{" "}
                  <progress id="mc-progress" data-testid="mc-progress" />
                </>
              )}
              {monteCarlo.status === "idle" && (
                <p data-testid="mc-idle">Fix the fields named above to see the Monte Carlo.</p>
              )}
            </div>
            {monteCarlo.status === "error" && (
              <ErrorBox title="Monte Carlo failed" messages={[monteCarlo.message]} />
            )}
            {monteCarlo.status === "done" && (
              <MonteCarloView result={monteCarlo.result} millis={monteCarlo.millis} />
            )}
            {monteCarlo.status === "running" && monteCarlo.previous && (
              <div class="stale" data-testid="mc-stale" inert>
                <MonteCarloView
                  result={monteCarlo.previous.result}
                  millis={monteCarlo.previous.millis}
                  stale
                />
              </div>
            )}
          </Section>
        </div>
      </div>
    </>
  );
}

function TypesTable(props: { table: ContributionTypeTable }) {
  const { table } = props;
  return (
    <Section
      title={`Contribution types for ${table.year}, age ${table.ageAtYearEnd}`}
      id="contribution-types"
    >
      <ScrollBox label="Contribution types">
        <table data-testid="contribution-types" class="cards full">
          <caption>
            How each kind of saving is taxed, its limit this year, and whether your plan allows it
          </caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col" class="text">
                Deduction now
              </th>
              <th scope="col" class="text">
                Growth
              </th>
              <th scope="col" class="text">
                Tax-free withdrawals
              </th>
              <th scope="col">Limit</th>
              <th scope="col" class="text">
                Plan allows
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.name}>
                <th scope="row" class="text wrap">
                  {STRATEGY_LABELS[row.name]}
                </th>
                <td class="text" data-label="Deduction now">
                  {row.taxDeductionNow ? "yes" : "no"}
                </td>
                <td class="text wrap" data-label="Growth">
                  {row.taxFreeGrowth}
                </td>
                <td class="text wrap" data-label="Tax-free withdrawals">
                  {row.taxFreeWithdrawals}
                </td>
                <td data-label="Limit">
                  <dl class="inline-figure">
                    <Figure
                      label={`${STRATEGY_LABELS[row.name]} limit`}
                      value={row.limit === null ? "no limit" : formatUsd(row.limit)}
                      steps={[{ label: row.limitRule, amount: row.limit, citation: row.limitCitation }]}
                    />
                  </dl>
                </td>
                <td class="text wrap" data-label="Plan allows">
                  {row.planAllows}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <Warnings warnings={table.warnings} title="Contribution type warnings" />
    </Section>
  );
}

function rate(bp: BasisPoints | null): string {
  return bp === null ? "none from 0% to 100%" : formatPercent(bp);
}

function Deterministic(props: { projection: EqualBudgetProjection }) {
  const { projection } = props;
  const byName = new Map(projection.strategies.map((s) => [s.name, s]));
  const breakEvenSteps = [...(byName.get("pre-tax")?.steps ?? []), ...(byName.get("roth")?.steps ?? [])];
  return (
    <Section title="At retirement, after tax (expected return)" id="deterministic">
      <ScrollBox label="Same pre-tax budget in each strategy">
        <table data-testid="strategies" class="cards full">
          <caption>Same pre-tax budget in each strategy</caption>
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              <th scope="col">Contributed</th>
              <th scope="col">Tax now</th>
              <th scope="col">Tax while invested</th>
              <th scope="col">Tax later</th>
              <th scope="col">After-tax value</th>
            </tr>
          </thead>
          <tbody>
            {projection.strategies.map((s) => (
              <tr key={s.name} data-strategy={s.name}>
                <th scope="row" class="text">
                  {STRATEGY_LABELS[s.name]}
                </th>
                <td data-label="Contributed">{formatUsd(s.contributions)}</td>
                <td data-label="Tax now">{formatUsd(s.taxPaidNow)}</td>
                <td data-label="Tax while invested">{formatUsd(s.taxPaidDuring)}</td>
                <td data-label="Tax later">{formatUsd(s.taxPaidLater)}</td>
                <td data-label="After-tax value" class="answer">
                  <dl class="inline-figure">
                    <Figure
                      label={`${STRATEGY_LABELS[s.name]} after tax`}
                      value={formatUsd(s.afterTaxValue)}
                      steps={s.steps}
                      testId={`value-${s.name}`}
                    />
                  </dl>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <dl class="figures">
        <Figure
          label="Break-even retirement rate, pre-tax vs Roth"
          value={rate(projection.breakEvenRateBp)}
          steps={breakEvenSteps}
          testId="breakEven"
        />
        <Figure
          label="Break-even retirement rate, pre-tax vs after-tax converted"
          value={rate(projection.breakEvenRateConvertedBp)}
          steps={byName.get("after-tax-converted")?.steps ?? []}
          testId="breakEvenConverted"
        />
        <Figure
          label="Cost of converting later than at once"
          value={formatUsd(projection.conversionDelayCost)}
          steps={byName.get("after-tax-converted")?.steps ?? []}
          testId="conversionDelayCost"
        />
      </dl>
      <p class="hint">
        The break-even rate is the federal retirement marginal rate at which the two strategies end equal;
        above it, Roth (or converting) wins. The steps above are the two strategies' own.
      </p>
      <Warnings warnings={projection.warnings} title="Projection warnings" />
    </Section>
  );
}

function MonteCarloView(props: { result: MonteCarloResult; millis: number; stale?: boolean }) {
  const { result } = props;
  const [shown, setShown] = useState<StrategyName>("after-tax-converted");
  const distribution = result.strategies.find((s) => s.name === shown);
  const years = distribution?.byYear.map((r) => r.year) ?? [];
  const dollars = (c: number) => c / 100;
  const name = STRATEGY_LABELS[shown];
  const series: ChartSeries[] = distribution
    ? [
        {
          label: `${name}: 95th percentile`,
          values: distribution.byYear.map((r) => dollars(r.p95)),
          color: "#9db7d5",
          width: 1,
        },
        {
          label: `${name}: 75th percentile`,
          values: distribution.byYear.map((r) => dollars(r.p75)),
          color: "#5b86b8",
          width: 1,
        },
        {
          label: `${name}: 25th percentile`,
          values: distribution.byYear.map((r) => dollars(r.p25)),
          color: "#5b86b8",
          width: 1,
        },
        {
          label: `${name}: 5th percentile`,
          values: distribution.byYear.map((r) => dollars(r.p5)),
          color: "#9db7d5",
          width: 1,
        },
        ...STRATEGIES.map((strategy) => ({
          label: `${STRATEGY_LABELS[strategy]}: median`,
          values: (result.strategies.find((s) => s.name === strategy)?.byYear ?? []).map((r) =>
            dollars(r.p50),
          ),
          color: STRATEGY_COLORS[strategy],
          width: strategy === shown ? 3 : 1.5,
        })),
      ]
    : [];
  const last = (name: StrategyName) => result.strategies.find((s) => s.name === name)?.byYear.at(-1);
  return (
    <>
      <p>
        {result.paths.toLocaleString("en-US")} paths, seed {result.seed}; {result.modelDescription}. Simulated
        in a web worker in {Math.round(props.millis)} ms.
      </p>
      <SelectField
        id={props.stale ? "compare-shown-stale" : "compare-shown"}
        label="Bands shown for"
        value={shown}
        options={STRATEGIES.map((name) => [name, STRATEGY_LABELS[name]] as const)}
        onChange={(value) => setShown(value as StrategyName)}
      />
      <LineChart
        title={`After-tax value by year: ${STRATEGY_LABELS[shown]} 5–95% and 25–75% bands; every strategy's median`}
        xLabel="Year"
        x={years}
        series={series}
        bands={[
          { upper: 0, lower: 3, fill: "rgba(11, 83, 148, 0.10)" },
          { upper: 1, lower: 2, fill: "rgba(11, 83, 148, 0.18)" },
        ]}
      />
      <ScrollBox label="After-tax value at retirement, percentiles across paths">
        <table data-testid={props.stale ? "percentiles-stale" : "percentiles"}>
          <caption>After-tax value at retirement, percentiles across paths</caption>
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              <th scope="col">5th</th>
              <th scope="col">25th</th>
              <th scope="col">Median</th>
              <th scope="col">75th</th>
              <th scope="col">95th</th>
            </tr>
          </thead>
          <tbody>
            {STRATEGIES.map((name) => {
              const row = last(name);
              return (
                row && (
                  <tr key={name}>
                    <th scope="row" class="text">
                      {STRATEGY_LABELS[name]}
                    </th>
                    <td>{formatUsd(row.p5)}</td>
                    <td>{formatUsd(row.p25)}</td>
                    <td>{formatUsd(row.p50)}</td>
                    <td>{formatUsd(row.p75)}</td>
                    <td>{formatUsd(row.p95)}</td>
                  </tr>
                )
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
      <h3>Chance that one strategy ends ahead of another</h3>
      <ul data-testid={props.stale ? undefined : "win-probabilities"}>
        {pairs(result).map(({ a, b, aWins, bWins }) => (
          <li key={`${a}-${b}`} data-pair={`${a} ${b}`}>
            {aWins === 0 && bWins === 0
              ? `${STRATEGY_LABELS[a]} and ${STRATEGY_LABELS[b]}: a tie — they end equal on every path`
              : `${STRATEGY_LABELS[a]} beats ${STRATEGY_LABELS[b]} on ${pct(aWins)} of paths${bWins > 0 ? `, loses on ${pct(bWins)}` : ""}${aWins + bWins < 1 ? `, ties on ${pct(1 - aWins - bWins)}` : ""}`}
          </li>
        ))}
      </ul>
      <details>
        <summary>How these figures are computed</summary>
        <Steps
          steps={[
            {
              label: `Yearly returns: ${result.modelDescription}`,
              amount: null,
              citation: "megaroth projection model",
            },
            {
              label:
                "Each path applies the same return to all five strategies; each strategy follows the deterministic rules above",
              amount: null,
              citation: "megaroth projection model",
            },
            {
              label: "Percentiles of after-tax value across paths, per year, rounded half-up to the cent",
              amount: null,
              citation: "megaroth projection model",
            },
          ]}
        />
      </details>
    </>
  );
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** Each pair once (converting, then Roth, against the others), with the share of paths each side wins. */
function pairs(result: MonteCarloResult) {
  const share = (w: StrategyName, l: StrategyName) =>
    result.winProbabilities.find((p) => p.winner === w && p.loser === l)?.probability ?? 0;
  const out: { a: StrategyName; b: StrategyName; aWins: number; bWins: number }[] = [];
  for (const a of ["after-tax-converted", "roth"] as const) {
    for (const b of STRATEGIES) {
      if (b === a || (a === "roth" && b === "after-tax-converted")) continue;
      out.push({ a, b, aWins: share(a, b), bWins: share(b, a) });
    }
  }
  return out;
}

const SERIES_LABELS: Readonly<Record<string, string>> = {
  sp500_total_return: "S&P 500 total return",
  tbill_3m: "3-month Treasury bills",
  treasury_10y: "10-year Treasury bonds",
  baa_corporate: "Baa corporate bonds",
  cpi_inflation: "Inflation (CPI)",
};

function seriesLabel(id: string): string {
  return SERIES_LABELS[id] ?? id.replace(/_/g, " ");
}
