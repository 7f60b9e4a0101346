import { FIGURES, type SuppliedFigure } from "@megaroth/core/typed";
import { UsageError } from "./errors.js";

/**
 * `--figures FILE` (or `MEGAROTH_FIGURES`): IRS figures for years not on file, read here (the face does the
 * I/O) and checked by the core. The flag is found before commander parses, so that `--year 2027` can be
 * checked against the supplied years wherever the flag stands on the line. Reading and checking the file
 * (./figures-load.ts, with the core's valibot checks) is loaded only when a file is named: start-up stays small.
 */
export const FIGURES_FLAG = "--figures";
export const FIGURES_ENV = "MEGAROTH_FIGURES";
export const FIGURES_HELP =
  "IRS figures for years not on file: a JSON file (megaroth figures template --year Y); or set MEGAROTH_FIGURES";

/** The file `--figures` names on the command line (before any `--`), else `MEGAROTH_FIGURES`, else none. */
export function figuresFileArgument(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { path: string; via: string } | null {
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (arg === "--") break;
    if (arg === FIGURES_FLAG) {
      const path = argv[k + 1];
      if (path === undefined || path.startsWith("-"))
        throw new UsageError(
          `${FIGURES_FLAG}: needs a file (a JSON figures file; see megaroth figures template)`,
        );
      return { path, via: `${FIGURES_FLAG} ${path}` };
    }
    if (arg.startsWith(`${FIGURES_FLAG}=`)) {
      const path = arg.slice(FIGURES_FLAG.length + 1);
      if (path === "") throw new UsageError(`${FIGURES_FLAG}: needs a file`);
      return { path, via: `${FIGURES_FLAG} ${path}` };
    }
  }
  const fromEnv = env[FIGURES_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "")
    return { path: fromEnv, via: `${FIGURES_ENV}=${fromEnv}` };
  return null;
}

/** "annualAdditionsLimit 2027 = 74,000 (supplied by you: IRS Notice 2026-xx)" for the note after the output. */
export function describeSupplied(f: SuppliedFigure): string {
  const value = typeof f.value === "number" ? f.value.toLocaleString("en-US") : JSON.stringify(f.value);
  return `${f.id} ${f.year} (${FIGURES[f.id].citation}) = ${value} — supplied by you: ${f.source}`;
}
