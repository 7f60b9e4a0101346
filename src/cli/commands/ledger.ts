import { existsSync, writeFileSync } from "node:fs";
import {
  ANNUAL_ADDITIONS_WARNINGS,
  type Cents,
  type Finding,
  FORM_8606_LINES,
  foldLedger,
  formatUsd,
  type IsoDate,
  LATEST_DATE,
  type LedgerEvent,
  type LedgerState,
  openFiveYearClocks,
  reconcile,
  renderYearReportMarkdown,
  validateEvent,
  YearNotClosedError,
  type YearReport,
  yearReport,
} from "@megaroth/core/typed";
import type { Command } from "commander";
import {
  type CsvColumn,
  eventsToCsv,
  eventsToJson,
  eventToRow,
  neutraliseCell,
  type RowError,
  rowToEvent,
} from "../../ledger-store/csv.js";
import { checkAndAppend, importLedgerFile } from "../../ledger-store/import.js";
import {
  type DamagedEvent,
  defaultLedgerPath,
  LedgerEnvironmentError,
  LedgerStore,
  LedgerStoreError,
  type OpenMode,
  type StoredEvent,
} from "../../ledger-store/ledger-store.js";
import { EXIT_FOUND, setExitStatus, UsageError } from "../errors.js";
import { integerOption } from "../options.js";
import { dollars, formLinesJson, printJson, printRows, printWarnings, stepsJson } from "../output.js";

interface CommonOptions {
  db?: string;
  json?: boolean;
}

const ERRORS_SHOWN = 50;

function withCommon(command: Command): Command {
  return command
    .option("--db <path>", "ledger file (default: $MEGAROTH_DB, else $XDG_DATA_HOME/megaroth/ledger.sqlite)")
    .option("--json", "machine-readable output (money in dollars, exact to the cent)");
}

/**
 * Opens the ledger: `create` only for `ledger init`, `write` for commands that change it (an older schema is
 * upgraded, after a backup copy, and the user is told where the copy is), `read` for the others (which never
 * change the file). A file that is not a ledger, or a failure of the machine, is one line (exit 2).
 */
function openStore(options: CommonOptions, mode: OpenMode): LedgerStore {
  let store: LedgerStore;
  try {
    store = LedgerStore.open(options.db ?? defaultLedgerPath(), { mode });
  } catch (error) {
    if (error instanceof LedgerEnvironmentError) throw new UsageError(error.message);
    if (error instanceof LedgerStoreError) throw new UsageError(`--db: ${error.message}`);
    throw error;
  }
  const m = store.migration;
  if (m)
    process.stderr.write(
      `megaroth: upgraded ${store.path} from schema version ${m.from} to ${m.to}; the earlier file is kept at ${m.backup}\n`,
    );
  return store;
}

function withStore<T>(options: CommonOptions, mode: OpenMode, work: (store: LedgerStore) => T): T {
  const store = openStore(options, mode);
  try {
    return work(store);
  } catch (error) {
    if (error instanceof LedgerStoreError) throw new UsageError(error.message);
    throw error;
  } finally {
    store.close();
  }
}

/** Warns (stderr) of each stored event that cannot be read; `list` and `export` show the others. */
function warnDamaged(store: LedgerStore, damaged: readonly DamagedEvent[]): void {
  for (const d of damaged)
    process.stderr.write(
      `megaroth: warning: ${d.message}; it is left out (restore ${store.path} from a backup)\n`,
    );
}

function dateOption(flag: string) {
  return (text: string): IsoDate => {
    const checked = validateEvent({ type: "open", date: text.trim(), account: "x", kind: "taxable" });
    const issue = checked.issues.find((i) => i.field === "date");
    if (issue) throw new UsageError(`${flag}: "${text}" ${issue.message}`);
    return text.trim();
  };
}

/** Today's date where the user is; the core has no clock, so the CLI supplies it. */
function today(): IsoDate {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const money = (amount: Cents | null) => (amount === null ? null : dollars(amount));

/**
 * What `ledger balance` shows of the fold at `asOf` (and its --json body). Reads of the state: accounts,
 * form8606's years, carryForwardBasis, warnings, and the movements of BALANCE_MOVEMENTS only (the saved fold
 * keeps no others: see LedgerStore.balanceState).
 */
export function balanceView(state: LedgerState, asOf: IsoDate) {
  const years = [...state.form8606.keys()].sort((a, b) => a - b);
  const lastClosed = years.at(-1) ?? null;
  const pending =
    asOf.slice(5) !== "12-31" &&
    state.movements.some(
      (m) =>
        m.date.startsWith(asOf.slice(0, 4)) &&
        (m.type === "roth-ira-conversion" ||
          (m.type === "distribution" && state.accounts.get(m.account)?.kind === "traditional-ira")),
    );
  const warnings = [
    ...state.warnings,
    ...(pending
      ? [
          {
            code: "FORM_8606_PENDING",
            message: `Traditional IRA basis is before ${asOf.slice(0, 4)}'s Form 8606 pro rata, which is computed at December 31.`,
          },
        ]
      : []),
  ];
  const accounts = [...state.accounts.values()].sort((a, b) => a.id.localeCompare(b.id));
  const clocks = openFiveYearClocks(state, asOf);
  const json = {
    asOf,
    accounts: accounts.map((a) => ({
      account: a.id,
      kind: a.kind,
      balance: dollars(a.balance),
      basis: dollars(a.basis),
      earnings: dollars(a.earnings),
    })),
    form8606CarryForward:
      lastClosed === null ? null : { taxYear: lastClosed, line14: dollars(state.carryForwardBasis) },
    openClocks: clocks.map((c) => ({ ...c, taxable: money(c.taxable) })),
    warnings,
  };
  return { accounts, lastClosed, clocks, warnings, json, carryForwardBasis: state.carryForwardBasis };
}

function eventJson(id: number, event: LedgerEvent) {
  return { id, ...eventsToJson([event]).events[0] };
}

/** The flags of `add` and `edit`: one per ledger CSV column. `add` requires type, date and account. */
function eventFlags(command: Command, required: boolean): Command {
  for (const [flag, description] of [
    ["--type <type>", "event type, e.g. after-tax-contribution"],
    ["--date <date>", "YYYY-MM-DD"],
    ["--account <id>", "account id"],
  ] as const) {
    if (required) command.requiredOption(flag, description);
    else command.option(flag, description);
  }
  return command
    .option("--amount <dollars>", "amount")
    .option("--kind <kind>", "account kind (open)")
    .option("--tax-year <year>", "tax year (IRA contributions, 1099-R, Form 8606)")
    .option("--to-account <id>", "destination account")
    .option("--to-amount <dollars>", "amount to the destination (rollover)")
    .option("--to-account-2 <id>", "second destination (rollover)")
    .option("--to-amount-2 <dollars>", "amount to the second destination")
    .option("--basis <dollars>", "statement basis, or 1099-R box 5")
    .option("--taxable <dollars>", "1099-R box 2a")
    .option("--earnings <dollars>", "statement gain/loss for the period")
    .option("--code <code>", "1099-R box 7 code")
    .option("--note <text>", "free text");
}

/** The cells the user gave as flags (an empty flag value clears a cell). */
function rowFromFlags(options: Record<string, unknown>): Partial<Record<CsvColumn, string>> {
  const flags: Record<CsvColumn, unknown> = {
    date: options.date,
    type: options.type,
    account: options.account,
    amount: options.amount,
    kind: options.kind,
    tax_year: options.taxYear,
    to_account: options.toAccount,
    to_amount: options.toAmount,
    to_account_2: options.toAccount2,
    to_amount_2: options.toAmount2,
    basis: options.basis,
    taxable: options.taxable,
    earnings: options.earnings,
    code: options.code,
    note: options.note,
  };
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => typeof v === "string")) as Partial<
    Record<CsvColumn, string>
  >;
}

const flagOf = (column: string | null) => (column === null ? "event" : `--${column.replaceAll("_", "-")}`);

/** The event the row describes, or a UsageError naming the first bad flag. */
function eventFromRow(raw: Partial<Record<CsvColumn, string>>): LedgerEvent {
  const problems: { column: string | null; message: string }[] = [];
  const event = rowToEvent(raw, (column, message) => problems.push({ column, message }));
  if (event) return event;
  const first = problems[0]!;
  throw new UsageError(`${flagOf(first.column)}: ${first.message}`);
}

/**
 * A recorded event as the cells `edit` starts from, in the form import reads back (a note that looks like a
 * formula keeps its leading '). A new --type keeps only date, account, note and (but for `open`) amount.
 */
function editableRow(stored: LedgerEvent, newType: string | undefined): Partial<Record<CsvColumn, string>> {
  const row: Partial<Record<CsvColumn, string>> = { ...eventToRow(stored) };
  row.note = neutraliseCell(row.note ?? "");
  if (newType === undefined || newType.trim() === stored.type) return row;
  const kept = { date: row.date, account: row.account, note: row.note };
  return newType.trim() === "open" ? kept : { ...kept, amount: row.amount };
}

function eventIdArgument(text: string): number {
  const id = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new UsageError(
      `ID: "${text}" is not an event id (a whole number from 1; see: megaroth ledger list)`,
    );
  }
  return id;
}

/** Runs an edit or removal, turning the store's refusals into one-line usage errors (nothing was written). */
function changing<T>(options: CommonOptions, work: (store: LedgerStore) => T): T {
  return withStore(options, "write", (store) => store.write(() => work(store)));
}

function findStored(store: LedgerStore, id: number): StoredEvent {
  const found = store.events().find((s) => s.id === id);
  if (!found) throw new UsageError(`ID: no event #${id} in the ledger (see: megaroth ledger list)`);
  return found;
}

/** The cells of an event beyond date, type, account and amount, as `column=value` text. */
function detailsOf(event: LedgerEvent): string {
  const row = eventToRow(event);
  return (
    [
      "kind",
      "tax_year",
      "to_account",
      "to_amount",
      "to_account_2",
      "to_amount_2",
      "basis",
      "taxable",
      "earnings",
      "code",
      "note",
    ] as const
  )
    .filter((c) => row[c] !== "")
    .map((c) => `${c}=${row[c]}`)
    .join(" ");
}

/** A CSV's errors name the line and column; a JSON export's name the event (its position, from 1) and field. */
function printRowErrors(file: string, errors: readonly RowError[], total: number): void {
  const json = file.toLowerCase().endsWith(".json");
  for (const e of errors.slice(0, ERRORS_SHOWN)) {
    const where = e.line > 0 ? `${json ? "event" : "line"} ${e.line}` : "file";
    const column = e.column ? `, ${json ? "field" : "column"} ${e.column}` : "";
    process.stderr.write(`${file}: ${where}${column}: ${e.message}\n`);
  }
  if (total > ERRORS_SHOWN) process.stderr.write(`${file}: … and ${total - ERRORS_SHOWN} more errors\n`);
}

export function registerLedger(ledger: Command): void {
  withCommon(ledger.command("init").description("create the ledger file (or upgrade its schema)")).action(
    (options: CommonOptions) => {
      const path = options.db ?? defaultLedgerPath();
      const existed = existsSync(path);
      const store = openStore(options, "create");
      const version = store.schemaVersion();
      store.close();
      if (options.json) printJson({ path, created: !existed, schemaVersion: version });
      else
        process.stdout.write(
          `${existed ? "Ledger already exists" : "Created ledger"}: ${path} (schema version ${version})\n`,
        );
    },
  );

  withCommon(
    ledger
      .command("migrate")
      .description("upgrade the ledger's schema to this megaroth's, after writing a backup copy next to it"),
  ).action((options: CommonOptions) => {
    withStore(options, "write", (store) => {
      const m = store.migration;
      const version = store.schemaVersion();
      if (options.json)
        printJson({
          path: store.path,
          migrated: m !== null,
          from: m?.from ?? version,
          schemaVersion: version,
          backup: m?.backup ?? null,
        });
      else if (!m) process.stdout.write(`Ledger ${store.path} is already at schema version ${version}\n`);
      else process.stdout.write(`Upgraded ${store.path} to schema version ${version}; backup: ${m.backup}\n`);
    });
  });

  withCommon(
    eventFlags(
      ledger.command("add").description("record one event (columns as in docs/ledger-csv.md)"),
      true,
    ),
  ).action((options: CommonOptions & Record<string, string | undefined>) => {
    const event = eventFromRow(rowFromFlags(options));
    withStore(options, "write", (store) => {
      const checked = checkAndAppend(store, [event], [1]);
      const first = checked.errors[0];
      if (first) throw new UsageError(`${flagOf(first.column)}: ${first.message}`);
      const [id] = checked.ids;
      if (options.json) printJson({ recorded: eventJson(id!, event) });
      else process.stdout.write(`Recorded event #${id}: ${event.date} ${event.type} on ${event.account}\n`);
    });
  });

  withCommon(
    eventFlags(
      ledger
        .command("edit")
        .description(
          "change a recorded event: the flags given replace those fields (an empty value clears one); the earlier version is kept in the ledger's history",
        )
        .argument("<id>", "the event's id (from ledger list)", eventIdArgument),
      false,
    ),
  ).action((id: number, options: CommonOptions & Record<string, string | undefined>) => {
    changing(options, (store) => {
      const stored = findStored(store, id);
      const event = eventFromRow({ ...editableRow(stored.event, options.type), ...rowFromFlags(options) });
      const { changed } = store.replaceEvent(id, event);
      if (options.json) printJson({ changed, event: eventJson(id, event) });
      else
        process.stdout.write(
          changed
            ? `Changed event #${id}: ${event.date} ${event.type} on ${event.account}\n`
            : `Event #${id} is unchanged\n`,
        );
    });
  });

  withCommon(
    ledger
      .command("remove")
      .description(
        "remove a recorded event (kept in the ledger's history), unless a later event depends on it",
      )
      .argument("<id>", "the event's id (from ledger list)", eventIdArgument),
  ).action((id: number, options: CommonOptions) => {
    changing(options, (store) => {
      findStored(store, id);
      const removed = store.removeEvent(id);
      if (options.json) printJson({ removed: eventJson(removed.id, removed.event) });
      else
        process.stdout.write(
          `Removed event #${id}: ${removed.event.date} ${removed.event.type} on ${removed.event.account}\n`,
        );
    });
  });

  withCommon(
    ledger
      .command("history")
      .description("earlier versions of edited events, and removed events, with the time of each change")
      .argument("[id]", "only this event's history", eventIdArgument),
  ).action((id: number | undefined, options: CommonOptions) => {
    withStore(options, "read", (store) => {
      const entries = store.history(id);
      if (options.json) {
        return printJson({
          history: entries.map((h) => ({
            change: h.change,
            changedAt: h.changedAt,
            importId: h.importId,
            event: eventJson(h.eventId, h.event),
          })),
        });
      }
      if (entries.length === 0) return void process.stdout.write("No event has been edited or removed.\n");
      printRows(
        ["#", "change", "changed at (UTC)", "date", "type", "account", "amount", "details"],
        entries.map((h) => [
          String(h.eventId),
          h.change,
          h.changedAt,
          h.event.date,
          h.event.type,
          h.event.account,
          eventToRow(h.event).amount,
          detailsOf(h.event),
        ]),
      );
    });
  });

  withCommon(
    ledger
      .command("import")
      .description("import a CSV (or .json export) whole, or nothing if any row is wrong")
      .argument("<file>"),
  ).action((file: string, options: CommonOptions) => {
    withStore(options, "write", (store) => {
      const result = importLedgerFile(store, file);
      if (options.json)
        printJson({ file, imported: result.imported, errorCount: result.errorCount, errors: result.errors });
      if (result.errorCount > 0) {
        if (!options.json) printRowErrors(file, result.errors, result.errorCount);
        throw new UsageError(`${file}: ${result.errorCount} error(s); nothing was imported`);
      }
      if (!options.json) process.stdout.write(`Imported ${result.imported} events from ${file}\n`);
    });
  });

  withCommon(
    ledger
      .command("list")
      .description("list recorded events in date order")
      .option("--account <id>", "only this account (as source or destination)")
      .option("--year <year>", "only this calendar year", integerOption("--year", 1974, 2100)),
  ).action((options: CommonOptions & { account?: string; year?: number }) => {
    withStore(options, "read", (store) => {
      const readable = store.readableEvents();
      warnDamaged(store, readable.damaged);
      const rows = readable.events.filter(({ event }) => {
        if (options.year !== undefined && !event.date.startsWith(`${options.year}-`)) return false;
        if (options.account === undefined) return true;
        const row = eventToRow(event);
        return [row.account, row.to_account, row.to_account_2].includes(options.account);
      });
      if (options.json) return printJson({ events: rows.map(({ id, event }) => eventJson(id, event)) });
      printRows(
        ["#", "date", "type", "account", "amount", "details"],
        rows.map(({ id, event }) => [
          String(id),
          event.date,
          event.type,
          event.account,
          eventToRow(event).amount,
          detailsOf(event),
        ]),
      );
    });
  });

  withCommon(
    ledger
      .command("balance")
      .description("balance, basis and earnings of every account at a date")
      .option("--as-of <date>", "YYYY-MM-DD (default: today)", dateOption("--as-of")),
  ).action((options: CommonOptions & { asOf?: IsoDate }) => {
    withStore(options, "read", (store) => {
      const asOf = options.asOf ?? today();
      const view = balanceView(store.balanceState(asOf), asOf);
      const { accounts, lastClosed, clocks, warnings } = view;
      if (options.json) return printJson(view.json);
      process.stdout.write(`Ledger as of ${asOf}\n`);
      printRows(
        ["account", "kind", "balance", "basis", "earnings"],
        accounts.map((a) => [a.id, a.kind, formatUsd(a.balance), formatUsd(a.basis), formatUsd(a.earnings)]),
      );
      if (lastClosed !== null) {
        process.stdout.write(
          `Traditional IRA basis carried forward (Form 8606 line 14, ${lastClosed}): ${formatUsd(view.carryForwardBasis)}\n`,
        );
      }
      for (const c of clocks) {
        const exposed = c.taxable === null ? "" : `, taxable part ${formatUsd(c.taxable)}`;
        process.stdout.write(
          `Five-year clock: ${c.account} ${c.rule} from ${c.startYear}, ends ${c.endsOn}${exposed}\n`,
        );
      }
      printWarnings(warnings);
    });
  });

  withCommon(
    ledger
      .command("reconcile")
      .description("where the ledger disagrees with statements, 1099-Rs and filed Forms 8606")
      .option("--as-of <date>", "YYYY-MM-DD (default: all events)", dateOption("--as-of")),
  ).action((options: CommonOptions & { asOf?: IsoDate }) => {
    withStore(options, "read", (store) => {
      const events = store.events().map((s) => s.event);
      const state = foldLedger(events, { asOf: options.asOf ?? LATEST_DATE });
      const findings = reconcile(state);
      const mismatches = findings.filter((f) => f.level === "mismatch").length;
      // Like a check command: exit 1 when a document disagrees with the ledger, 0 when none does (notes too).
      if (mismatches > 0) setExitStatus(EXIT_FOUND);
      // records checked against their own year's 415(c) limit (the ledger's own check, not a document's)
      const limits = state.warnings.filter((w) => ANNUAL_ADDITIONS_WARNINGS.includes(w.code));
      if (options.json)
        return printJson({
          mismatches,
          findings: findings.map(findingJson),
          ...(limits.length > 0 && { warnings: limits }),
        });
      if (findings.length === 0) process.stdout.write("No disagreements.\n");
      for (const f of findings) process.stdout.write(`${f.level} ${f.code}: ${f.message}\n`);
      if (findings.length > 0)
        process.stdout.write(`${mismatches} mismatch(es), ${findings.length - mismatches} note(s)\n`);
      printWarnings(limits);
    });
  });

  withCommon(
    ledger
      .command("report")
      .description(
        "the yearly report: per account, Form 8606 lines, expected 1099-Rs, open five-year clocks (Markdown or JSON)",
      )
      .requiredOption("--year <year>", "tax year", integerOption("--year", 1974, 2100)),
  ).action((options: CommonOptions & { year: number }) => {
    withStore(options, "read", (store) => {
      let report: YearReport;
      try {
        report = yearReport(
          store.events().map((s) => s.event),
          options.year,
        );
      } catch (error) {
        if (error instanceof YearNotClosedError) throw new UsageError(`--year: ${error.message}`);
        throw error;
      }
      if (!options.json) return void process.stdout.write(renderYearReportMarkdown(report));
      printJson({
        year: report.year,
        asOf: report.asOf,
        yearComplete: report.yearComplete,
        accounts: report.accounts.map((a) => ({
          ...a,
          contributions: dollars(a.contributions),
          employerContributions: dollars(a.employerContributions),
          movedOut: dollars(a.movedOut),
          movedIn: dollars(a.movedIn),
          distributions: dollars(a.distributions),
          taxable: money(a.taxable),
          balance: dollars(a.balance),
          basis: dollars(a.basis),
          earnings: dollars(a.earnings),
        })),
        form8606: report.form8606 && {
          lines: formLinesJson(report.form8606.lines, FORM_8606_LINES, dollars),
          line10:
            report.form8606.line10 &&
            `${report.form8606.line10.numerator}/${report.form8606.line10.denominator}`,
        },
        rothIra: report.rothIra && {
          ordering: "year-end, all Roth IRAs together (Treas. Reg. §1.408A-6 Q&A-9)",
          distributions: dollars(report.rothIra.distributions),
          contributionBasis: dollars(report.rothIra.contributionBasis),
          fromContributions: dollars(report.rothIra.fromContributions),
          fromConversions: report.rothIra.fromConversions.map((l) => ({
            conversionYear: l.conversionYear,
            amount: dollars(l.amount),
            taxable: money(l.taxable),
            nontaxable: money(l.nontaxable),
            withinFiveYears: l.withinFiveYears,
          })),
          earnings: dollars(report.rothIra.earnings),
          exposedToAdditionalTax: money(report.rothIra.exposedToAdditionalTax),
          contributionBasisLeft: dollars(report.rothIra.contributionBasisLeft),
        },
        expected1099Rs: report.expected1099Rs.map((e) => ({
          payer: e.payer,
          taxYear: e.taxYear,
          box1: dollars(e.box1),
          box2a: money(e.box2a),
          box5: money(e.box5),
          box7: e.code,
        })),
        openClocks: report.openClocks.map((c) => ({ ...c, taxable: money(c.taxable) })),
        findings: report.findings.map(findingJson),
        steps: stepsJson(report.steps),
        warnings: report.warnings,
      });
    });
  });

  withCommon(
    ledger
      .command("export")
      .description("every event as CSV (default) or JSON; re-imports to the same ledger")
      .option("--format <format>", "csv or json", "csv")
      .option("--output <file>", "write to a new file instead of stdout"),
  ).action((options: CommonOptions & { format: string; output?: string }) => {
    if (options.format !== "csv" && options.format !== "json") {
      throw new UsageError(`--format: "${options.format}" is not allowed (allowed: csv, json)`);
    }
    if (options.output && existsSync(options.output))
      throw new UsageError(`--output: ${options.output} already exists`);
    withStore(options, "read", (store) => {
      const readable = store.readableEvents();
      warnDamaged(store, readable.damaged);
      const events = readable.events.map((s) => s.event);
      const text =
        options.format === "json" || options.json
          ? `${JSON.stringify(eventsToJson(events), null, 2)}\n`
          : eventsToCsv(events);
      if (options.output) {
        try {
          writeFileSync(options.output, text, { flag: "wx" });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          throw new UsageError(
            `--output: cannot write "${options.output.slice(0, 200)}" (${code === "ERR_INVALID_ARG_VALUE" ? "not a file name" : (code ?? "write error")}); choose a new file in an existing folder`,
          );
        }
      } else process.stdout.write(text);
    });
  });

  withCommon(
    ledger
      .command("backup")
      .description("copy the whole ledger to a new file (SQLite online backup)")
      .argument("<file>"),
  ).action(async (file: string, options: CommonOptions) => {
    const store = openStore(options, "read");
    try {
      await store.backup(file);
    } catch (error) {
      if (error instanceof LedgerStoreError) throw new UsageError(`backup: ${error.message}`);
      throw error;
    } finally {
      store.close();
    }
    if (options.json) printJson({ backup: file });
    else process.stdout.write(`Backed up ${store.path} to ${file}\n`);
  });
}

function findingJson(f: Finding) {
  return { ...f, ledger: money(f.ledger), document: money(f.document) };
}
