import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { parseScenario, type Scenario } from "@megaroth/core/typed";
import { parse as parseYaml } from "yaml";
import { decodeUtf8, NotUtf8Error } from "../text/utf8.js";
import { UsageError } from "./errors.js";

/** The largest scenario file read: a scenario is a few kilobytes, and parsing a huge one would take minutes. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

/**
 * Reads a scenario file (.json, .yaml or .yml) and validates it. Any problem is a UsageError (exit code 2):
 * an unreadable or unparsable file in one line, an invalid scenario with every error and its path.
 */
export function readScenarioFile(path: string): Scenario {
  const ext = extname(path).toLowerCase();
  if (![".json", ".yaml", ".yml"].includes(ext)) {
    throw new UsageError(`SCENARIO: "${path}" must be a .json, .yaml or .yml file`);
  }
  let bytes: Buffer;
  try {
    if (statSync(path).size > MAX_SCENARIO_BYTES) {
      throw new UsageError(
        `SCENARIO: "${path}" is larger than ${MAX_SCENARIO_BYTES / 1024 / 1024} MB (a scenario is a few kilobytes)`,
      );
    }
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `SCENARIO: cannot read "${path}" (${(error as NodeJS.ErrnoException).code ?? "read error"})`,
    );
  }
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch (error) {
    if (error instanceof NotUtf8Error) throw new UsageError(`SCENARIO: "${path}" ${error.message}`);
    throw error;
  }
  // a byte-order mark is accepted in JSON as the YAML parser accepts it
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  let value: unknown;
  try {
    value = ext === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const first = ((error as Error).message.split("\n")[0] ?? "").trim();
    throw new UsageError(`SCENARIO: "${path}" is not valid ${ext === ".json" ? "JSON" : "YAML"}: ${first}`);
  }
  const result = parseScenario(value);
  if (!result.ok) {
    const lines = result.errors.map((e) => `  ${e.path}: ${e.message}`);
    throw new UsageError(
      `${path}: ${result.errors.length} error${result.errors.length === 1 ? "" : "s"} (see \`megaroth schema\`)\n${lines.join("\n")}`,
    );
  }
  return result.scenario;
}
