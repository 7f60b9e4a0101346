import { useMemo, useState } from "preact/hooks";
import { contributionRoom, type RoomResult } from "../../core/contribution-room.js";
import { formatUsd } from "../../core/money/cents.js";
import { ErrorBox, Figure, Warnings } from "../components/Why.js";
import { CheckboxField, Section, SelectField, TextField } from "../components/fields.js";
import { type FormErrors, parseRoomForm, ROOM_FORM_DEFAULTS, type RoomForm } from "../room-form.js";
import { fromBase64Url, replaceParam, type Route, toBase64Url } from "../route.js";

function formFromRoute(route: Route): RoomForm {
  const encoded = route.params.get("room");
  if (!encoded) return ROOM_FORM_DEFAULTS;
  try {
    return { ...ROOM_FORM_DEFAULTS, ...(JSON.parse(fromBase64Url(encoded)) as Partial<RoomForm>) };
  } catch {
    return ROOM_FORM_DEFAULTS;
  }
}

/** The planner: the scenario as a form, recomputed on every keystroke; the state lives in the URL. */
export function PlannerPage(props: { route: Route }) {
  const [form, setForm] = useState<RoomForm>(() => formFromRoute(props.route));
  const update = (patch: Partial<RoomForm>) => {
    const next = { ...form, ...patch };
    setForm(next);
    replaceParam("room", toBase64Url(JSON.stringify(next)));
  };
  const parsed = useMemo(() => parseRoomForm(form), [form]);
  const room = useMemo(() => {
    if (!parsed.input) return { result: null, error: null };
    try {
      return { result: contributionRoom(parsed.input), error: null };
    } catch (error) {
      return { result: null, error: (error as Error).message };
    }
  }, [parsed]);
  const errors: FormErrors = parsed.errors;
  const field = (id: keyof RoomForm, label: string, hint?: string) => (
    <TextField
      id={`planner-${id}`}
      label={label}
      value={String(form[id])}
      error={errors[id]}
      onInput={(value) => update({ [id]: value })}
      {...(hint ? { hint } : {})}
    />
  );
  return (
    <>
      <h1>Planner</h1>
      <div class="layout">
        <form aria-label="Scenario" onSubmit={(e) => e.preventDefault()}>
          <fieldset>
            <legend>You</legend>
            {field("year", "Tax year")}
            {field("age", "Age at the end of the year")}
          </fieldset>
          <fieldset>
            <legend>Pay and deferrals</legend>
            {field("compensation", "Compensation for the year ($)")}
            {field("deferrals", "Pre-tax + Roth deferrals for the year ($)")}
            {field("priorYearFicaWages", "Prior-year FICA wages from this employer ($)", "Leave empty if newly hired")}
            {field("otherEmployerDeferrals", "Deferrals at other employers this year ($)")}
          </fieldset>
          <fieldset>
            <legend>Plan rules</legend>
            {field("match", "Employer match", 'Tiers, e.g. "100%@3%,50%@2%", or "none"')}
            {field("nonelective", "Nonelective employer contribution (%)")}
            <SelectField
              id="planner-afterTaxCapKind"
              label="Plan cap on after-tax contributions"
              value={form.afterTaxCapKind}
              options={[
                ["none", "No plan cap"],
                ["percent", "Percent of pay"],
                ["dollars", "Dollar amount"],
              ]}
              onChange={(value) => update({ afterTaxCapKind: value as RoomForm["afterTaxCapKind"] })}
            />
            {form.afterTaxCapKind !== "none" &&
              field("afterTaxCap", form.afterTaxCapKind === "percent" ? "After-tax cap (%)" : "After-tax cap ($)")}
            {field("relatedEmployerAdditions", "Annual additions at a related employer ($)")}
            <CheckboxField
              id="planner-planOffersRoth"
              label="Plan offers Roth deferrals"
              checked={form.planOffersRoth}
              onChange={(checked) => update({ planOffersRoth: checked })}
            />
          </fieldset>
        </form>
        <div aria-live="polite">
          <ErrorBox title="Cannot compute" messages={room.error ? [room.error] : []} />
          {room.result && <RoomFigures room={room.result} />}
        </div>
      </div>
    </>
  );
}

function RoomFigures(props: { room: RoomResult }) {
  const { room } = props;
  return (
    <Section title="Contribution room" id="room">
      <dl class="figures">
        <Figure label="After-tax room" value={formatUsd(room.afterTaxRoom)} steps={room.steps} testId="afterTaxRoom" />
        <Figure label="Effective 415(c) limit" value={formatUsd(room.annualAdditionsLimit)} steps={room.steps} testId="annualAdditionsLimit" />
        <Figure label="Employer match" value={formatUsd(room.employerMatch)} steps={room.steps} testId="employerMatch" />
        <Figure label="Catch-up limit" value={formatUsd(room.catchUpLimit)} steps={room.steps} testId="catchUpLimit" />
      </dl>
      <Warnings warnings={room.warnings} />
    </Section>
  );
}
