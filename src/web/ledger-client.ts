import type { LedgerEvent } from "@megaroth/core/typed";

/** The page's side of the local server's ledger API (src/server/ledger-api.ts): same origin, JSON only. */
export interface StoredEvent {
  readonly id: number;
  readonly event: LedgerEvent;
  /** The event as the form's cells (column → text), to prefill an edit. */
  readonly row: Readonly<Record<string, string>>;
}

export interface RowError {
  readonly line: number;
  readonly column: string | null;
  readonly message: string;
}

export interface ApiFailure {
  readonly error: string;
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
  readonly rowErrors?: readonly RowError[];
  readonly errorCount?: number;
}

export type ApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: ApiFailure };

async function call<T>(path: string, init?: RequestInit): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    return {
      ok: false,
      failure: {
        error: `the megaroth server did not answer (${(error as Error).message}); is \`megaroth serve\` running?`,
      },
    };
  }
  const body = (await response.json().catch(() => ({ error: `HTTP ${response.status}` }))) as T | ApiFailure;
  return response.ok ? { ok: true, value: body as T } : { ok: false, failure: body as ApiFailure };
}

function postJson<T>(path: string, body: unknown): Promise<ApiResult<T>> {
  return call<T>(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export function fetchEvents(): Promise<ApiResult<{ events: StoredEvent[] }>> {
  return call("/api/ledger/events");
}

export function addEvent(
  row: Record<string, string>,
): Promise<ApiResult<{ id: number; event: LedgerEvent }>> {
  return postJson("/api/ledger/events", { row });
}

/** Replaces event `id` with the event the row describes; the server keeps the earlier version in its history. */
export function replaceEvent(
  id: number,
  row: Record<string, string>,
): Promise<ApiResult<{ id: number; changed: boolean }>> {
  return call(`/api/ledger/events/${id}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ row }),
  });
}

/** Removes event `id` (the server refuses if a later event depends on it). */
export function removeEvent(id: number): Promise<ApiResult<{ removed: { id: number } }>> {
  return call(`/api/ledger/events/${id}`, {
    method: "DELETE",
    headers: { "content-type": "application/json" },
  });
}

export function importLedger(fileName: string, text: string): Promise<ApiResult<{ imported: number }>> {
  return postJson("/api/ledger/import", { fileName, text });
}

/** Every message of a failure, one line each, with the line and column of a row error. */
export function failureMessages(failure: ApiFailure): string[] {
  const rows = (failure.rowErrors ?? []).map(
    (e) =>
      `${e.line > 0 ? `line ${e.line}` : "ledger"}${e.column ? `, column ${e.column}` : ""}: ${e.message}`,
  );
  const issues = (failure.issues ?? []).map((i) => `${i.path}: ${i.message}`);
  const more =
    failure.errorCount !== undefined && failure.errorCount > rows.length
      ? [`…and ${failure.errorCount - rows.length} more`]
      : [];
  return [...rows, ...issues, ...more];
}
