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
  YearNotClosedError,
  type YearReport,
  yearOf,
  yearReport,
} from "@megaroth/core/typed";
import { Fragment } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ScrollBox, Section, SelectField, TextField } from "../components/fields.js";
import { LineChart } from "../components/LineChart.js";
import { ErrorBox, Figure, Steps, Warnings } from "../components/Why.js";
import { computeErrorMessage } from "../compute-error.js";
import { accountKindLabel, eventTypeLabel, warningLabel } from "../labels.js";
import {
  addEvent,
  failureMessages,
  fetchEvents,
  fetchHistory,
  type HistoryEntry,
  importLedger,
  LEDGER_CSV_COLUMNS,
  ledgerTemplateCsv,
  removeEvent,
  replaceEvent,
  type StoredEvent,
} from "../ledger-client.js";
import { download } from "../scenario-file.js";
import { readPlanSituation } from "../situation.js";

const CLOCK_LABELS: Readonly<Record<string, string>> = {
  conversion: "five-year clock of a Roth IRA conversion (10% tax on its taxable part)",
  "in-plan-roth-rollover": "five-year clock of an in-plan Roth rollover (10% tax on its taxable part)",
  "roth-ira-qualified": "five-year clock for qualified Roth IRA distributions",
  "designated-roth-qualified": "five-year clock for qualified Roth 401(k) distributions",
};

const usd = (amount: Cents | null) => (amount === null ? "not checked" : formatUsd(amount));

/** The basis ledger: events stored by the local server, folded here by the core (the CLI's own code). */
export function LedgerPage() {
  const [events, setEvents] = useState<StoredEvent[] | null>(null);
  const [loadError, setLoadError] = useState<string[]>([]);
  const [editing, setEditing] = useState<StoredEvent | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const reload = async () => {
    const [result, changes] = await Promise.all([fetchEvents(), fetchHistory()]);
    if (result.ok) {
      setEvents(result.value.events);
      setLoadError([]);
    } else setLoadError([result.failure.error]);
    if (changes.ok) setHistory(changes.value.history);
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
      <div class="toolbar no-print" data-testid="ledger-downloads">
        <a class="button-link" href="/api/ledger/export?format=csv" download="megaroth-ledger.csv">
          Export CSV
        </a>
        <a class="button-link" href="/api/ledger/export?format=json" download="megaroth-ledger.json">
          Export JSON
        </a>
        <a class="button-link" href="/api/ledger/backup" download="megaroth-ledger-backup.sqlite">
          Back up the ledger (SQLite file)
        </a>
      </div>
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
          {events && events.length === 0 && <EmptyLedger onStarted={reload} />}
          {events && events.length > 0 && <LedgerViews events={plain} />}
        </div>
      </div>
      {events && events.length > 0 && <YearlyReport events={plain} />}
      {events && events.length > 0 && (
        <EventList stored={events} history={history} onEdit={setEditing} onRemoved={onRemoved} />
      )}
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
        One row per event, with a header row naming the columns (as <code>megaroth ledger import</code> reads
        it). A file with any bad row is refused whole; nothing is written.
      </p>
      <details data-testid="csv-columns">
        <summary>The CSV columns</summary>
        <dl class="columns">
          {LEDGER_CSV_COLUMNS.map(([column, meaning]) => (
            <div key={column}>
              <dt>
                <code>{column}</code>
              </dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
      </details>
      <p>
        <button
          type="button"
          class="secondary"
          onClick={() =>
            download("megaroth-ledger-template.csv", ledgerTemplateCsv(new Date().getFullYear()), "text/csv")
          }
        >
          Download a CSV template
        </button>
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
          options={EVENT_TYPES.map((t) => [t, eventTypeLabel(t)] as const)}
          onChange={(v) => set("type", v)}
        />
        <TextField
          id="event-date"
          label="Date (YYYY-MM-DD)"
          need="required"
          value={row.date ?? ""}
          inputMode="text"
          onInput={(v) => set("date", v)}
        />
        <TextField
          id="event-account"
          label="Account"
          need="required"
          hint="Your name for it, e.g. plan-at"
          value={row.account ?? ""}
          inputMode="text"
          onInput={(v) => set("account", v)}
        />
        {row.type === "open" && (
          <SelectField
            id="event-kind"
            label="Account kind"
            value={row.kind ?? ""}
            options={[["", "(choose)"], ...ACCOUNT_KINDS.map((k) => [k, accountKindLabel(k)] as const)]}
            onChange={(v) => set("kind", v)}
          />
        )}
        {row.type !== "open" && (
          <TextField
            id="event-amount"
            label="Amount ($)"
            need="required"
            value={row.amount ?? ""}
            onInput={(v) => set("amount", v)}
          />
        )}
        <details open={editing !== null && moreFilled}>
          <summary>More fields, optional (rollovers, 1099-R, statements)</summary>
          {ROW_FIELDS.map(([column, label]) => (
            <TextField
              key={column}
              id={`event-${column}`}
              label={label}
              need="optional"
              value={row[column] ?? ""}
              inputMode={
                column === "note" || column === "to_account" || column === "code" ? "text" : "decimal"
              }
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

/** The yearly report, across the page's width so its ten columns fit a laptop screen. */
function YearlyReport(props: { events: readonly LedgerEvent[] }) {
  const { events } = props;
  const state = useMemo(() => foldLedger(events), [events]);
  // every year with an event (or a contribution for it), the current one included
  const years = useMemo(() => reportYears(events), [events]);
  const [year, setYear] = useState<number | null>(null);
  const shownYear = year !== null && years.includes(year) ? year : (years.at(-1) ?? null);
  const report = useMemo(() => {
    if (shownYear === null) return null;
    try {
      return { value: yearReport(events, shownYear), error: null };
    } catch (error) {
      return {
        value: null,
        error:
          error instanceof YearNotClosedError
            ? `${shownYear} has no December 31 in the ledger yet: its report (Form 8606, the 1099-Rs to expect) comes once the year has ended; the accounts above are as of ${state.asOf ?? "the last event"}.`
            : computeErrorMessage(error),
      };
    }
  }, [events, shownYear]);
  return (
    <Section title="Yearly report" id="report">
      {years.length === 0 ? (
        <p>No events yet.</p>
      ) : (
        <SelectField
          id="report-year"
          label="Year"
          value={String(shownYear)}
          options={years.map((y) => [String(y), String(y)] as const)}
          onChange={(v) => setYear(Number(v))}
        />
      )}
      {report?.error && (
        <p class="notice" data-testid="report-not-closed">
          {report.error}
        </p>
      )}
      {report?.value && <YearReportView report={report.value} />}
    </Section>
  );
}

function LedgerViews(props: { events: readonly LedgerEvent[] }) {
  const { events } = props;
  const state = useMemo(() => foldLedger(events), [events]);
  const findings = useMemo(() => reconcile(state), [state]);
  const years = useMemo(() => [...state.yearEnd.keys()].sort((a, b) => a - b), [state]);
  const accounts = [...state.accounts.values()];
  return (
    <>
      <Section title="Accounts now" id="accounts">
        <ScrollBox label="Accounts">
          <table data-testid="accounts" class="cards">
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
                  <td class="text" data-label="Kind">
                    {accountKindLabel(a.kind)}
                  </td>
                  <td data-label="Balance">{formatUsd(a.balance)}</td>
                  <td data-col="basis" data-label="Basis">
                    <dl class="inline-figure">
                      <Figure
                        label={`${a.id} basis`}
                        value={formatUsd(a.basis)}
                        steps={movementSteps(state, a.id)}
                      />
                    </dl>
                  </td>
                  <td data-label="Earnings">{formatUsd(a.earnings)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
        {state.problems.length > 0 && (
          <ErrorBox
            title="Events the ledger could not apply"
            messages={state.problems.map((p) => `event ${p.index + 1}: ${p.message}`)}
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
                <strong>{f.level === "mismatch" ? "Mismatch" : "Note"}</strong> — {warningLabel(f.code)}:{" "}
                {f.message} <cite>{f.citation}</cite>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

/** An account's "why": every recorded movement in or out of it, with the part of each that was basis. */
function movementSteps(state: LedgerState, account: string): Step[] {
  return state.movements
    .filter((m) => m.account === account || m.toAccount === account)
    .map((m) => ({
      label: `${m.date} ${eventTypeLabel(m.type)}${m.toAccount ? ` ${m.account} → ${m.toAccount}` : ""}${m.nontaxable === null ? "" : `; basis part ${formatUsd(m.nontaxable)}`}${m.taxable === null ? "" : `, taxable part ${formatUsd(m.taxable)}`}`,
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
              {c.account}: {CLOCK_LABELS[c.rule] ?? c.rule} from {c.startYear}, ends {c.endsOn}
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
              <strong>{f.level === "mismatch" ? "Mismatch" : "Note"}</strong> — {warningLabel(f.code)}:{" "}
              {f.message}
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
  if (typeof e.kind === "string") parts.push(accountKindLabel(e.kind));
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
  `event #${id} (${event.date} ${eventTypeLabel(event.type)} on ${event.account})`;

/** Every event, each with Edit and Remove; Remove asks once more, naming the event, before it asks the server. */
function EventList(props: {
  stored: readonly StoredEvent[];
  history: readonly HistoryEntry[];
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
  const changesOf = (id: number) => props.history.filter((h) => h.eventId === id);
  const remove = async (stored: StoredEvent) => {
    setConfirming(null);
    const result = await removeEvent(stored.id);
    if (result.ok) {
      setErrors({ title: "", messages: [] });
      setDone(`Removed ${eventName(stored)}. Its last version is kept in the change history below.`);
      await props.onRemoved(stored.id);
    } else {
      setDone(null);
      setErrors({
        title: `Not removed: ${eventName(stored)}`,
        messages: [result.failure.error, ...failureMessages(result.failure)],
      });
    }
  };
  const columns = 8;
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
        <table data-testid="events" class="full events-table cards">
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
              const changes = changesOf(id);
              return (
                <Fragment key={id}>
                  <tr data-event-id={id}>
                    <td data-label="#">{id}</td>
                    <td class="text" data-label="Date">
                      {event.date}
                    </td>
                    <td class="text wrap" data-label="Type" data-code={event.type}>
                      {eventTypeLabel(event.type)}
                    </td>
                    <td class="text" data-label="Account">
                      {event.account}
                    </td>
                    <td data-label="Amount">{"amount" in event ? formatUsd(event.amount) : ""}</td>
                    <td class="text wrap" data-label="Details">
                      {describe(event)}
                    </td>
                    <td class="text wrap" data-label="Note">
                      {event.note ?? ""}
                      {changes.length > 0 && (
                        <>
                          {event.note ? " " : ""}
                          <a href={`#history-${id}`} onClick={(e) => jumpTo(e, `history-${id}`)}>
                            changed {changes.length === 1 ? "once" : `${changes.length} times`}
                          </a>
                        </>
                      )}
                    </td>
                    <td class="text no-print row-actions" data-label="Change">
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
                        aria-expanded={confirming === id}
                        onClick={() => {
                          setDone(null);
                          setConfirming(id);
                        }}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                  {confirming === id && (
                    <tr class="confirm-row" data-testid="remove-confirmation">
                      <td colSpan={columns} class="text wrap">
                        Remove {eventName(stored)}
                        {"amount" in event ? `, ${formatUsd(event.amount)}` : ""}? It is kept in the change
                        history.{" "}
                        <button
                          type="button"
                          ref={confirmButton}
                          aria-label={`Yes, remove ${eventName(stored)}`}
                          onClick={() => void remove(stored)}
                        >
                          Yes, remove event #{id}
                        </button>{" "}
                        <button
                          type="button"
                          class="secondary"
                          onClick={() => setConfirming(null)}
                          aria-label={`Keep ${eventName(stored)}`}
                        >
                          Keep it
                        </button>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
      <p class="hint">
        Years in the ledger: {[...new Set(props.stored.map((s) => yearOf(s.event.date)))].join(", ")}
      </p>
      <ChangeHistory history={props.history} />
    </Section>
  );
}

function jumpTo(event: Event, id: string): void {
  event.preventDefault();
  const target = document.getElementById(id);
  target?.scrollIntoView({ block: "center" });
  target?.focus();
}

/** Every earlier version of an edited event and every removed event: nothing entered is ever lost. */
function ChangeHistory(props: { history: readonly HistoryEntry[] }) {
  const byEvent = new Map<number, HistoryEntry[]>();
  for (const h of props.history) byEvent.set(h.eventId, [...(byEvent.get(h.eventId) ?? []), h]);
  return (
    <section aria-labelledby="history-heading" data-testid="change-history">
      <h3 id="history-heading">Change history</h3>
      {byEvent.size === 0 ? (
        <p>No event has been edited or removed.</p>
      ) : (
        <ul>
          {[...byEvent].map(([id, changes]) => (
            <li key={id} id={`history-${id}`} tabIndex={-1} data-history-event={id}>
              Event #{id}:
              <ul>
                {changes.map((h) => (
                  <li key={h.changedAt + h.change}>
                    {h.change === "removed" ? "removed" : "changed"} on{" "}
                    {h.changedAt.slice(0, 16).replace("T", " ")} UTC; before: {h.event.date}{" "}
                    {eventTypeLabel(h.event.type)} on {h.event.account}
                    {"amount" in h.event ? `, ${formatUsd(h.event.amount)}` : ""}
                    {describe(h.event) ? `, ${describe(h.event)}` : ""}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The accounts a plan implies, as "open" events dated January 1 of its year (or the start date). */
function planAccounts(): { rows: Record<string, string>[]; year: number } | null {
  const situation = readPlanSituation();
  if (!situation) return null;
  const { scenario } = situation;
  const date = scenario.pay.startDate ?? `${scenario.year}-01-01`;
  const p = scenario.plan;
  const rows: Record<string, string>[] = [
    { type: "open", date, account: "plan-pretax", kind: "401k-pretax", note: "from the plan" },
  ];
  if (p.afterTax.allowed !== "no")
    rows.push({
      type: "open",
      date,
      account: "plan-after-tax",
      kind: "401k-after-tax",
      note: "from the plan",
    });
  if (p.roth === "yes" || p.inPlanRothConversion === "yes" || p.automaticConversion === "yes")
    rows.push({ type: "open", date, account: "plan-roth", kind: "roth-401k", note: "from the plan" });
  if (p.inServiceWithdrawal === "yes")
    rows.push({ type: "open", date, account: "roth-ira", kind: "roth-ira", note: "from the plan" });
  return { rows, year: scenario.year };
}

/** An empty ledger says how to start: open an account, import a CSV, or open the accounts the plan implies. */
function EmptyLedger(props: { onStarted: () => Promise<void> }) {
  const implied = useMemo(planAccounts, []);
  const [errors, setErrors] = useState<string[]>([]);
  const start = async () => {
    if (!implied) return;
    const messages: string[] = [];
    for (const row of implied.rows) {
      const result = await addEvent(row);
      if (!result.ok)
        messages.push(
          `${row.account}: ${[result.failure.error, ...failureMessages(result.failure)].join("; ")}`,
        );
    }
    setErrors(messages);
    await props.onStarted();
  };
  return (
    <section class="notice" data-testid="empty-ledger" aria-labelledby="empty-heading">
      <h2 id="empty-heading">The ledger is empty</h2>
      <p>
        It keeps a record of each account's basis: what you put in after tax, moved and took out. To start:
      </p>
      <ol>
        <li>
          open an account with the form ("Open an account", a date and your name for it), then record its
          contributions and conversions; or
        </li>
        <li>import a CSV of your records (the columns and a template are under "Import a CSV"); or</li>
        <li>
          start from the plan: open the accounts it implies
          {implied ? (
            <>
              {" "}
              ({implied.rows.map((r) => `${r.account}, ${accountKindLabel(r.kind ?? "")}`).join("; ")}, opened{" "}
              {implied.rows[0]?.date}).{" "}
              <button type="button" onClick={() => void start()}>
                Open the plan's accounts
              </button>
            </>
          ) : (
            " (the planner's scenario has an error: fix it first)."
          )}
        </li>
      </ol>
      <ErrorBox title="Not all accounts were opened" messages={errors} />
    </section>
  );
}
