import type { Step } from "@megaroth/core/typed";
import {
  ACCOUNT_KINDS,
  type Cents,
  EVENT_TYPES,
  foldLedger,
  formatRational,
  formatUsd,
  type LedgerEvent,
  type LedgerState,
  reconcile,
  reportYears,
  type YearReport,
  yearOf,
  yearReport,
} from "@megaroth/core/typed";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ScrollBox, Section, SelectField, TextField } from "../components/fields.js";
import { LineChart } from "../components/LineChart.js";
import { ErrorBox, Figure, Steps, Warnings } from "../components/Why.js";
import { computeErrorMessage } from "../compute-error.js";
import {
  addEvent,
  failureMessages,
  fetchEvents,
  importLedger,
  removeEvent,
  replaceEvent,
  type StoredEvent,
} from "../ledger-client.js";

const usd = (amount: Cents | null) => (amount === null ? "not checked" : formatUsd(amount));

/** The basis ledger: events stored by the local server, folded here by the core (the CLI's own code). */
export function LedgerPage() {
  const [events, setEvents] = useState<StoredEvent[] | null>(null);
  const [loadError, setLoadError] = useState<string[]>([]);
  const [editing, setEditing] = useState<StoredEvent | null>(null);
  const reload = async () => {
    const result = await fetchEvents();
    if (result.ok) {
      setEvents(result.value.events);
      setLoadError([]);
    } else setLoadError([result.failure.error]);
  };
  const onRemoved = async (id: number) => {
    if (editing?.id === id) setEditing(null);
    await reload();
  };
  useEffect(() => {
    void reload();
  }, []);
  const plain = useMemo(() => (events ?? []).map((e) => e.event), [events]);
  return (
    <>
      <h1>Basis ledger</h1>
      <ErrorBox title="The ledger could not be loaded" messages={loadError} />
      <div class="layout">
        <div class="no-print">
          <ImportForm onImported={reload} />
          <EventForm
            editing={editing}
            onSaved={async () => {
              setEditing(null);
              await reload();
            }}
            onCancel={() => {
              // the Cancel button goes away: give the focus back to the event's own Edit button
              const id = editing?.id;
              setEditing(null);
              requestAnimationFrame(() =>
                document.querySelector<HTMLButtonElement>(`tr[data-event-id="${id}"] button`)?.focus(),
              );
            }}
          />
        </div>
        <div>
          {events && events.length === 0 && (
            <p class="notice">The ledger is empty: import a CSV or add an event.</p>
          )}
          {events && events.length > 0 && (
            <LedgerViews events={plain} stored={events} onEdit={setEditing} onRemoved={onRemoved} />
          )}
        </div>
      </div>
    </>
  );
}

function ImportForm(props: { onImported: () => Promise<void> }) {
  const [status, setStatus] = useState<{ ok: string | null; errors: string[]; title: string }>({
    ok: null,
    errors: [],
    title: "",
  });
  const onFile = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const result = await importLedger(file.name, await file.text());
    input.value = "";
    if (result.ok) {
      setStatus({ ok: `Imported ${result.value.imported} events from ${file.name}.`, errors: [], title: "" });
      await props.onImported();
    } else {
      setStatus({ ok: null, errors: failureMessages(result.failure), title: `${result.failure.error}` });
    }
  };
  return (
    <Section title="Import a CSV" id="import">
      <p class="hint">
        Columns as in the CLI's <code>megaroth ledger import</code>. A file with any bad row is refused whole;
        nothing is written.
      </p>
      <label class="file-button">
        Choose a CSV or JSON export
        <input
          id="ledger-import"
          type="file"
          accept=".csv,.json,text/csv,application/json"
          onChange={onFile}
        />
      </label>
      {status.ok && (
        <p class="notice" role="status" data-testid="import-ok">
          {status.ok}
        </p>
      )}
      <div data-testid="import-errors">
        <ErrorBox title={status.title} messages={status.errors} />
      </div>
    </Section>
  );
}

const ROW_FIELDS = [
  ["to_account", "To account"],
  ["to_amount", "Amount to that account ($)"],
  ["tax_year", "Tax year"],
  ["basis", "Basis / 1099-R box 5 ($)"],
  ["taxable", "1099-R box 2a ($)"],
  ["earnings", "Earnings for the period ($)"],
  ["code", "1099-R box 7 code"],
  ["note", "Note"],
] as const;

const EMPTY_ROW: Readonly<Record<string, string>> = {
  type: "after-tax-contribution",
  date: "",
  account: "",
  kind: "",
};

/**
 * Adds an event, or, with `editing`, changes that recorded event: the same form, prefilled with its cells.
 * The server checks either against the whole ledger and says which event a refused change would break.
 */
function EventForm(props: {
  editing: StoredEvent | null;
  onSaved: () => Promise<void>;
  onCancel: () => void;
}) {
  const { editing } = props;
  const [row, setRow] = useState<Record<string, string>>({ ...EMPTY_ROW });
  const [errors, setErrors] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    setRow({ ...EMPTY_ROW, ...(editing?.row ?? {}) });
    setErrors([]);
    if (editing) {
      setDone(null);
      form.current?.scrollIntoView({ block: "nearest" });
      form.current?.querySelector("select")?.focus();
    }
  }, [editing]);
  const set = (column: string, value: string) => setRow({ ...row, [column]: value });
  const submit = async (event: Event) => {
    event.preventDefault();
    // the form shows kind only for an open event and amount only for the others: send only what is shown
    const hidden = row.type === "open" ? "amount" : "kind";
    const filled = Object.fromEntries(
      Object.entries(row).filter(([column, v]) => column !== hidden && v.trim() !== ""),
    );
    const result = editing ? await replaceEvent(editing.id, filled) : await addEvent(filled);
    if (result.ok) {
      setErrors([]);
      if (!editing) setDone(`Recorded event #${result.value.id}.`);
      else
        setDone(
          "changed" in result.value && !result.value.changed
            ? `Event #${editing.id} is unchanged.`
            : `Saved event #${editing.id}.`,
        );
      await props.onSaved();
    } else {
      setDone(null);
      setErrors([result.failure.error, ...failureMessages(result.failure)]);
    }
  };
  const title = editing ? `Edit event #${editing.id}` : "Add an event";
  const moreFilled = ROW_FIELDS.some(([column]) => (row[column] ?? "") !== "");
  return (
    <Section title={title} id="add-event">
      <form onSubmit={submit} aria-label={title} ref={form}>
        <SelectField
          id="event-type"
          label="Type"
          value={row.type ?? ""}
          options={EVENT_TYPES.map((t) => [t, t] as const)}
          onChange={(v) => set("type", v)}
        />
        <TextField
          id="event-date"
          label="Date (YYYY-MM-DD)"
          value={row.date ?? ""}
          inputMode="text"
          onInput={(v) => set("date", v)}
        />
        <TextField
          id="event-account"
          label="Account"
          value={row.account ?? ""}
          inputMode="text"
          onInput={(v) => set("account", v)}
        />
        {row.type === "open" && (
          <SelectField
            id="event-kind"
            label="Account kind"
            value={row.kind ?? ""}
            options={[["", "(choose)"], ...ACCOUNT_KINDS.map((k) => [k, k] as const)]}
            onChange={(v) => set("kind", v)}
          />
        )}
        {row.type !== "open" && (
          <TextField
            id="event-amount"
            label="Amount ($)"
            value={row.amount ?? ""}
            onInput={(v) => set("amount", v)}
          />
        )}
        <details open={editing !== null && moreFilled}>
          <summary>More fields (rollovers, 1099-R, statements)</summary>
          {ROW_FIELDS.map(([column, label]) => (
            <TextField
              key={column}
              id={`event-${column}`}
              label={label}
              value={row[column] ?? ""}
              inputMode="text"
              onInput={(v) => set(column, v)}
            />
          ))}
        </details>
        <div class="form-actions">
          <button type="submit">{editing ? `Save event #${editing.id}` : "Record event"}</button>
          {editing && (
            <button type="button" class="secondary" onClick={props.onCancel}>
              Cancel editing
            </button>
          )}
        </div>
      </form>
      {done && (
        <p class="notice" role="status" data-testid="event-form-status">
          {done}
        </p>
      )}
      <ErrorBox title={editing ? "Not saved" : "Not recorded"} messages={errors} />
    </Section>
  );
}

function LedgerViews(props: {
  events: readonly LedgerEvent[];
  stored: readonly StoredEvent[];
  onEdit: (stored: StoredEvent) => void;
  onRemoved: (id: number) => Promise<void>;
}) {
  const { events } = props;
  const state = useMemo(() => foldLedger(events), [events]);
  const findings = useMemo(() => reconcile(state), [state]);
  const years = useMemo(() => [...state.yearEnd.keys()].sort((a, b) => a - b), [state]);
  // Every year with an event (or a contribution for it) has a report, closed or not
  const reportYearList = useMemo(() => reportYears(events), [events]);
  const [year, setYear] = useState<number | null>(null);
  const shownYear = year !== null && reportYearList.includes(year) ? year : (reportYearList.at(-1) ?? null);
  const report = useMemo(() => {
    if (shownYear === null) return null;
    try {
      return { value: yearReport(events, shownYear), error: null };
    } catch (error) {
      return { value: null, error: computeErrorMessage(error) };
    }
  }, [events, shownYear]);
  const accounts = [...state.accounts.values()];
  return (
    <>
      <Section title="Accounts now" id="accounts">
        <ScrollBox label="Accounts">
          <table data-testid="accounts">
            <caption>As of {state.asOf ?? "—"}</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col" class="text">
                  Kind
                </th>
                <th scope="col">Balance</th>
                <th scope="col">Basis</th>
                <th scope="col">Earnings</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id} data-account={a.id}>
                  <th scope="row" class="text">
                    {a.id}
                  </th>
                  <td class="text">{a.kind}</td>
                  <td>{formatUsd(a.balance)}</td>
                  <td data-col="basis">
                    <dl class="inline-figure">
                      <Figure
                        label={`${a.id} basis`}
                        value={formatUsd(a.basis)}
                        steps={movementSteps(state, a.id)}
                      />
                    </dl>
                  </td>
                  <td>{formatUsd(a.earnings)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
        {state.problems.length > 0 && (
          <ErrorBox
            title="Events the ledger could not apply"
            messages={state.problems.map(
              (p) => `event ${p.index + 1}${p.field ? ` (${p.field})` : ""}: ${p.message}`,
            )}
          />
        )}
        <Warnings warnings={state.warnings} title="Ledger warnings" />
      </Section>
      <BasisChart years={years} yearEnd={state.yearEnd} />
      <Section title="Reconciliation" id="reconciliation">
        {findings.length === 0 ? (
          <p data-testid="reconcile-clean">
            No disagreements between the ledger and the recorded statements and forms.
          </p>
        ) : (
          <ul data-testid="findings">
            {findings.map((f) => (
              <li key={`${f.code}-${f.account}-${f.date ?? f.taxYear}`}>
                <strong>{f.level}</strong> {f.code}: {f.message} <cite>{f.citation}</cite>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Yearly report" id="report">
        {reportYearList.length === 0 ? (
          <p>No events yet: the report lists every year the ledger has events for.</p>
        ) : (
          <SelectField
            id="report-year"
            label="Year"
            value={String(shownYear)}
            options={reportYearList.map((y) => [String(y), String(y)] as const)}
            onChange={(v) => setYear(Number(v))}
          />
        )}
        {report?.error && <ErrorBox title="No report" messages={[report.error]} />}
        {report?.value && <YearReportView report={report.value} />}
      </Section>
      <EventList stored={props.stored} onEdit={props.onEdit} onRemoved={props.onRemoved} />
    </>
  );
}

/** An account's "why": every recorded movement in or out of it, with the part of each that was basis. */
function movementSteps(state: LedgerState, account: string): Step[] {
  return state.movements
    .filter((m) => m.account === account || m.toAccount === account)
    .map((m) => ({
      label: `${m.date} ${m.type}${m.toAccount ? ` ${m.account} → ${m.toAccount}` : ""}${m.nontaxable === null ? "" : `; basis part ${formatUsd(m.nontaxable)}`}${m.taxable === null ? "" : `, taxable part ${formatUsd(m.taxable)}`}`,
      amount: m.amount,
      citation: `ledger event ${m.index + 1}`,
    }));
}

function BasisChart(props: { years: readonly number[]; yearEnd: ReturnType<typeof foldLedger>["yearEnd"] }) {
  const ids = [...new Set(props.years.flatMap((y) => [...(props.yearEnd.get(y)?.keys() ?? [])]))].sort();
  if (props.years.length === 0 || ids.length === 0) return null;
  const colors = ["#0b5394", "#1d7a2a", "#8a4b00", "#6a1b9a", "#555555", "#b00020"];
  const basisAt = (id: string, y: number) => props.yearEnd.get(y)?.get(id)?.basis ?? null;
  return (
    <Section title="Basis at each December 31" id="basis-over-time">
      {props.years.length > 1 && (
        <LineChart
          title="Basis by account"
          xLabel="Year"
          x={[...props.years]}
          series={ids.map((id, i) => ({
            label: id,
            values: props.years.map((y) => {
              const b = basisAt(id, y);
              return b === null ? null : b / 100;
            }),
            color: colors[i % colors.length]!,
          }))}
        />
      )}
      <ScrollBox label="Basis by year">
        <table data-testid="basis-by-year">
          <caption>Basis by account at year end</caption>
          <thead>
            <tr>
              <th scope="col">Year</th>
              {ids.map((id) => (
                <th scope="col" key={id}>
                  {id}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.years.map((y) => (
              <tr key={y}>
                <th scope="row" class="text">
                  {y}
                </th>
                {ids.map((id) => {
                  const b = basisAt(id, y);
                  return <td key={id}>{b === null ? "—" : formatUsd(b)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </Section>
  );
}

function YearReportView(props: { report: YearReport }) {
  const { report } = props;
  return (
    <div data-testid="year-report">
      <ScrollBox label={`Accounts in ${report.year}`}>
        <table>
          <caption>
            Accounts, {report.year} (
            {report.yearComplete ? "December 31" : `as of ${report.asOf}: the year is not over`})
          </caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Contributions</th>
              <th scope="col">Employer</th>
              <th scope="col">Moved out</th>
              <th scope="col">Moved in</th>
              <th scope="col">Distributions</th>
              <th scope="col">Taxable</th>
              <th scope="col">Balance</th>
              <th scope="col">Basis</th>
              <th scope="col">Earnings</th>
            </tr>
          </thead>
          <tbody>
            {report.accounts.map((a) => (
              <tr key={a.account}>
                <th scope="row" class="text">
                  {a.account}
                </th>
                <td>{formatUsd(a.contributions)}</td>
                <td>{formatUsd(a.employerContributions)}</td>
                <td>{formatUsd(a.movedOut)}</td>
                <td>{formatUsd(a.movedIn)}</td>
                <td>{formatUsd(a.distributions)}</td>
                <td>{usd(a.taxable)}</td>
                <td>{formatUsd(a.balance)}</td>
                <td>{formatUsd(a.basis)}</td>
                <td>{formatUsd(a.earnings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <h3>Form 8606</h3>
      {report.form8606 ? (
        <dl class="figures">
          {Object.entries(report.form8606.lines).map(([line, amount]) => (
            <Figure
              key={line}
              label={`Line ${line}`}
              value={formatUsd(amount)}
              steps={report.steps}
              testId={`f8606-${line}`}
            />
          ))}
          {report.form8606.line10 && (
            <Figure
              label="Line 10 (exact ratio)"
              value={formatRational(report.form8606.line10, 6)}
              steps={report.steps}
              testId="f8606-10"
            />
          )}
        </dl>
      ) : (
        <p>No traditional IRA in the ledger this year.</p>
      )}
      <h3>Expected Forms 1099-R</h3>
      {report.expected1099Rs.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {report.expected1099Rs.map((e) => (
            <li key={`${e.payer}-${e.index}`}>
              {e.payer}: box 1 {formatUsd(e.box1)}, box 2a {usd(e.box2a)}, box 5 {usd(e.box5)}, box 7{" "}
              {e.code ?? "by age (1, 2 or 7)"}
            </li>
          ))}
        </ul>
      )}
      <h3>Open five-year clocks</h3>
      {report.openClocks.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {report.openClocks.map((c) => (
            <li key={`${c.account}-${c.rule}-${c.startYear}`}>
              {c.account}: {c.rule} clock from {c.startYear}, ends {c.endsOn}
              {c.taxable === null ? "" : `, taxable part exposed to the 10% tax: ${formatUsd(c.taxable)}`}{" "}
              <cite>{c.citation}</cite>
            </li>
          ))}
        </ul>
      )}
      {report.findings.length > 0 && (
        <ul>
          {report.findings.map((f) => (
            <li key={`${f.code}-${f.account}`}>
              <strong>{f.level}</strong> {f.code}: {f.message}
            </li>
          ))}
        </ul>
      )}
      {report.steps.length > 0 && (
        <details>
          <summary>Why (Form 8606 steps)</summary>
          <Steps steps={report.steps} />
        </details>
      )}
      <Warnings warnings={report.warnings} title={`Warnings for ${report.year}`} />
    </div>
  );
}

function describe(event: LedgerEvent): string {
  const parts: string[] = [];
  const e = event as unknown as Record<string, unknown>;
  if (typeof e.kind === "string") parts.push(e.kind);
  if (typeof e.toAccount === "string") parts.push(`to ${e.toAccount}`);
  if (Array.isArray(e.destinations)) {
    for (const d of e.destinations as { account: string; amount: Cents }[])
      parts.push(`${formatUsd(d.amount)} to ${d.account}`);
  }
  if (typeof e.taxYear === "number") parts.push(`tax year ${e.taxYear}`);
  if (typeof e.code === "string") parts.push(`code ${e.code}`);
  if (typeof e.basis === "number") parts.push(`basis ${formatUsd(e.basis as Cents)}`);
  if (typeof e.taxable === "number") parts.push(`box 2a ${formatUsd(e.taxable as Cents)}`);
  return parts.join(", ");
}

const eventName = ({ id, event }: StoredEvent) =>
  `event #${id} (${event.date} ${event.type} on ${event.account})`;

/** Every event, each with Edit and Remove; Remove asks once more, in the row, before it asks the server. */
function EventList(props: {
  stored: readonly StoredEvent[];
  onEdit: (stored: StoredEvent) => void;
  onRemoved: (id: number) => Promise<void>;
}) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const [errors, setErrors] = useState<{ title: string; messages: string[] }>({ title: "", messages: [] });
  const [done, setDone] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming !== null) confirmButton.current?.focus();
  }, [confirming]);
  const remove = async (stored: StoredEvent) => {
    setConfirming(null);
    const result = await removeEvent(stored.id);
    if (result.ok) {
      setErrors({ title: "", messages: [] });
      setDone(`Removed ${eventName(stored)}.`);
      await props.onRemoved(stored.id);
    } else {
      setDone(null);
      setErrors({
        title: `Not removed: ${eventName(stored)}`,
        messages: [result.failure.error, ...failureMessages(result.failure)],
      });
    }
  };
  return (
    <Section title={`Events (${props.stored.length})`} id="events">
      {done && (
        <p class="notice" role="status" data-testid="events-status">
          {done}
        </p>
      )}
      <div data-testid="events-errors">
        <ErrorBox title={errors.title} messages={errors.messages} />
      </div>
      <ScrollBox label="Events">
        <table data-testid="events">
          <caption>Every recorded event, in ledger order</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col" class="text">
                Date
              </th>
              <th scope="col" class="text">
                Type
              </th>
              <th scope="col" class="text">
                Account
              </th>
              <th scope="col">Amount</th>
              <th scope="col" class="text">
                Details
              </th>
              <th scope="col" class="text">
                Note
              </th>
              <th scope="col" class="text no-print">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {props.stored.map((stored) => {
              const { id, event } = stored;
              return (
                <tr key={id} data-event-id={id}>
                  <td>{id}</td>
                  <td class="text">{event.date}</td>
                  <td class="text">{event.type}</td>
                  <td class="text">{event.account}</td>
                  <td>{"amount" in event ? formatUsd(event.amount) : ""}</td>
                  <td class="text">{describe(event)}</td>
                  <td class="text">{event.note ?? ""}</td>
                  <td class="text no-print row-actions">
                    {confirming === id ? (
                      <>
                        <button
                          type="button"
                          ref={confirmButton}
                          aria-label={`Yes, remove ${eventName(stored)}`}
                          onClick={() => void remove(stored)}
                        >
                          Yes, remove
                        </button>{" "}
                        <button
                          type="button"
                          class="secondary"
                          onClick={() => setConfirming(null)}
                          aria-label={`Keep ${eventName(stored)}`}
                        >
                          Keep
                        </button>
                      </>
                    ) : (
                      <>
                        <button
                          type="button"
                          class="secondary"
                          aria-label={`Edit ${eventName(stored)}`}
                          onClick={() => props.onEdit(stored)}
                        >
                          Edit
                        </button>{" "}
                        <button
                          type="button"
                          class="secondary"
                          aria-label={`Remove ${eventName(stored)}`}
                          onClick={() => {
                            setDone(null);
                            setConfirming(id);
                          }}
                        >
                          Remove
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
      <p class="hint">
        Years in the ledger: {[...new Set(props.stored.map((s) => yearOf(s.event.date)))].join(", ")}
      </p>
    </Section>
  );
}
