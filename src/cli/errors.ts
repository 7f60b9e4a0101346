/**
 * Bad input at the command line: the CLI prints `message` as one line and exits with code 2, writing nothing.
 * The message names the flag (or field) and what is allowed.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const EXIT_USAGE = 2;
