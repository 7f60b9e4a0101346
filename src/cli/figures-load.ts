import { readFileSync } from "node:fs";
import { parseSuppliedFigures, type SuppliedFigureBook, SuppliedFiguresError } from "@megaroth/core/typed";
import { UsageError } from "./errors.js";

/** Reads and checks the figures file; every problem is a UsageError (exit 2) naming the flag or variable. */
export function loadFiguresFile(file: { readonly path: string; readonly via: string }): SuppliedFigureBook {
  let text: string;
  try {
    text = readFileSync(file.path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : String(code);
    throw new UsageError(`${file.via}: cannot read the file (${why})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file.via}: not valid JSON (${(error as Error).message})`);
  }
  try {
    return parseSuppliedFigures(json, file.via);
  } catch (error) {
    if (error instanceof SuppliedFiguresError) throw new UsageError(error.message);
    throw error;
  }
}
