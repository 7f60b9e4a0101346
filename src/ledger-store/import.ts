import { readFileSync, statSync } from "node:fs";
import { type FoldSnapshot, foldLedgerSaving, type LedgerEvent } from "@megaroth/core/typed";
import { decodeUtf8, NotUtf8Error } from "../text/utf8.js";
import {
  columnOfField,
  MAX_FILE_BYTES,
  MAX_REPORTED_ERRORS,
  type ParsedRows,
  parseLedgerCsv,
  parseLedgerJson,
  type RowError,
} from "./csv.js";
import { BALANCE_MOVEMENTS, type LedgerStore, type StoredEvent } from "./ledger-store.js";

export interface ImportResult {
  readonly imported: number;
  readonly ids: readonly number[];
  readonly errors: readonly RowError[];
  readonly errorCount: number;
}

/** Reads a ledger file (CSV, or JSON when it ends in .json), refusing files over the size cap before reading them. */
export function readLedgerFile(path: string): ParsedRows & { text: string } {
  const unreadable = (message: string) => ({
    text: "",
    events: [],
    lines: [],
    errors: [{ line: 0, column: null, message }],
    errorCount: 1,
  });
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return unreadable("is a folder, not a file");
    size = stat.size;
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    return {
      text: "",
      events: [],
      lines: [],
      errors: [{ line: 0, column: null, message: reason }],
      errorCount: 1,
    };
  }
  if (size > MAX_FILE_BYTES) {
    const message = `the file is ${size} bytes, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB cap`;
    return { text: "", events: [], lines: [], errors: [{ line: 0, column: null, message }], errorCount: 1 };
  }
  let text: string;
  try {
    text = decodeUtf8(readFileSync(path));
  } catch (error) {
    if (!(error instanceof NotUtf8Error))
      return unreadable(
        `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    // a Latin-1 or UTF-16 file would import with its accents turned into U+FFFD: refused instead
    const message = error.reason;
    return {
      text: "",
      events: [],
      lines: [],
      errors: [{ line: error.line, column: String(error.column), message }],
      errorCount: 1,
    };
  }
  return { text, ...(path.toLowerCase().endsWith(".json") ? parseLedgerJson(text) : parseLedgerCsv(text)) };
}

/**
 * Checks new events against the ledger: not already recorded, and valid in the ledger's state (accounts
 * open, kinds allowed, balances sufficient) without making any recorded event invalid. Returns every error.
 */
export function checkAgainstLedger(
  store: LedgerStore,
  events: readonly LedgerEvent[],
  lines: readonly number[],
): { errors: RowError[]; errorCount: number } {
  const { errors, errorCount } = checkAgainstLedgerFolding(store, events, lines);
  return { errors, errorCount };
}

/** `checkAgainstLedger`, with the fold it made of the recorded events (`existing`, as read) followed by `events`. */
function checkAgainstLedgerFolding(
  store: LedgerStore,
  events: readonly LedgerEvent[],
  lines: readonly number[],
): {
  errors: RowError[];
  errorCount: number;
  fold: { existing: readonly StoredEvent[]; snapshot: FoldSnapshot };
} {
  const errors: RowError[] = [];
  let errorCount = 0;
  const add = (e: RowError) => {
    errorCount += 1;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
  };
  for (const [i, id] of store.duplicates(events)) {
    add({ line: lines[i]!, column: null, message: `is already in the ledger (event #${id})` });
  }
  const stored = store.events();
  const existing = stored.map((s) => s.event);
  const before = store.eventsWithProblems();
  const { state: combined, snapshot } = foldLedgerSaving([...existing, ...events], BALANCE_MOVEMENTS);
  for (const p of combined.problems) {
    if (p.index >= existing.length) {
      const column = p.field === null ? null : columnOfField(p.field);
      add({ line: lines[p.index - existing.length]!, column, message: p.message });
    } else if (!before.has(stored[p.index]!.id)) {
      const s = stored[p.index]!;
      add({
        line: 0,
        column: null,
        message: `recorded event #${s.id} (${s.event.date} ${s.event.type} on ${s.event.account}) would no longer be valid: ${p.message}`,
      });
    }
  }
  return {
    errors: errors.sort((a, b) => a.line - b.line),
    errorCount,
    fold: { existing: stored, snapshot },
  };
}

/**
 * Imports a file whole or not at all: every row is validated, every error collected with its line and
 * column, and nothing is written if there is any.
 */
export function importLedgerFile(
  store: LedgerStore,
  path: string,
  onTransactionStarted?: () => void,
): ImportResult {
  const parsed = readLedgerFile(path);
  if (parsed.errorCount > 0)
    return { imported: 0, ids: [], errors: parsed.errors, errorCount: parsed.errorCount };
  return checkAndAppend(
    store,
    parsed.events,
    parsed.lines,
    { fileName: path, text: parsed.text },
    onTransactionStarted,
  );
}

/**
 * Checks `events` against the ledger and appends them, in ONE write transaction taken before the check reads
 * anything: a concurrent writer waits, so what was checked is what the events are written against.
 */
export function checkAndAppend(
  store: LedgerStore,
  events: readonly LedgerEvent[],
  lines: readonly number[],
  source?: { fileName: string; text: string },
  onTransactionStarted?: () => void,
): ImportResult {
  return store.write(() => {
    const { errors, errorCount, fold } = checkAgainstLedgerFolding(store, events, lines);
    if (errorCount > 0) return { imported: 0, ids: [], errors, errorCount };
    const ids = store.append(events, source, onTransactionStarted, fold);
    return { imported: ids.length, ids, errors: [], errorCount: 0 };
  });
}
