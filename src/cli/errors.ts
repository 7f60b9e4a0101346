/**
 * Bad input at the command line: the CLI prints `message` as one line and exits with code 2, writing nothing.
 * The message names the flag (or field) and what is allowed.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const EXIT_USAGE = 2;

/** Exit code of a check that ran and found a problem (`ledger reconcile` with a mismatch), as `diff` or `cmp` do. */
export const EXIT_FOUND = 1;

let exitStatus = 0;

/** A command that ran to the end but must report a finding through its exit code (not an error: output is whole). */
export function setExitStatus(code: number): void {
  exitStatus = code;
}

/** The exit status a command set (0 when none), cleared for the next run. */
export function takeExitStatus(): number {
  const code = exitStatus;
  exitStatus = 0;
  return code;
}
