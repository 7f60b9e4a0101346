import { parseScenario, type ScenarioError } from "@megaroth/core/typed";
import { type ScenarioForm, scenarioToForm } from "./scenario-form.js";

/**
 * Scenario files in and out of the page: the same JSON or YAML `megaroth plan` reads. The YAML library is
 * loaded only when a YAML file is read or written.
 */
export type ImportResult =
  | { readonly ok: true; readonly form: ScenarioForm }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

export async function importScenarioText(name: string, text: string): Promise<ImportResult> {
  let value: unknown;
  try {
    value = /\.ya?ml$/i.test(name) ? (await import("yaml")).parse(text) : JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      errors: [
        {
          path: "(file)",
          message: `${name} is not valid ${/\.ya?ml$/i.test(name) ? "YAML" : "JSON"}: ${(error as Error).message}`,
        },
      ],
    };
  }
  const parsed = parseScenario(value);
  return parsed.ok
    ? { ok: true, form: scenarioToForm(parsed.scenario) }
    : { ok: false, errors: parsed.errors };
}

export async function scenarioText(json: Record<string, unknown>, format: "json" | "yaml"): Promise<string> {
  return format === "json" ? `${JSON.stringify(json, null, 2)}\n` : (await import("yaml")).stringify(json);
}

/** Offers `text` as a file download, made in the page (no server round trip). */
export function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
