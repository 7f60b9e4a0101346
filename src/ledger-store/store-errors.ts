/**
 * The ledger store's errors. A `LedgerStoreError` is the user's to fix (a refused change, a file that is not a
 * ledger); a `LedgerEnvironmentError` is the machine's (read-only file or folder, full disk, damaged or busy
 * database): its message names the file and what to do, and `publicMessage` says the same without the path
 * (what the server may put in a response body).
 */
export class LedgerStoreError extends Error {
  override readonly name: string = "LedgerStoreError";
}

export class LedgerEnvironmentError extends LedgerStoreError {
  override readonly name = "LedgerEnvironmentError";
  constructor(
    message: string,
    readonly publicMessage: string,
  ) {
    super(message);
  }
}

/** What went wrong and what to do, for an SQLite or file-system error code; null when it is not the machine's. */
function advice(code: string): string | null {
  if (code.startsWith("SQLITE_READONLY") || code === "EACCES" || code === "EPERM" || code === "EROFS")
    return "cannot be written (read-only file or folder): make the file and its folder writable, or use another --db";
  if (code === "SQLITE_FULL" || code === "ENOSPC")
    return "cannot be written: the disk is full; free some space and try again (nothing was changed)";
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB")
    return "is damaged: restore it from a backup (`megaroth ledger backup` makes one), or check it with `sqlite3 FILE 'PRAGMA integrity_check'`";
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))
    return "is busy: another program is writing it; try again in a moment";
  if (code.startsWith("SQLITE_CANTOPEN") || code === "ENOENT" || code === "EISDIR")
    return "cannot be opened: check that it is a file and that it and its folder can be read";
  if (code.startsWith("SQLITE_IOERR") || code === "EIO")
    return "could not be read or written (input/output error): check the disk, then try again";
  return null;
}

/**
 * `error` as a LedgerEnvironmentError naming `path` when it is an SQLite or file-system failure of the
 * machine, else `error` unchanged.
 */
export function environmentError(error: unknown, path: string): unknown {
  if (!(error instanceof Error) || error instanceof LedgerStoreError) return error;
  const code = String((error as { code?: unknown }).code ?? "");
  const what = advice(code);
  if (what === null) return error;
  return new LedgerEnvironmentError(
    `ledger ${path} ${what}`,
    `the ledger file ${what.replace("another --db", "another ledger file")}`,
  );
}
