import {
  FIGURES,
  formatUsd,
  parseSuppliedFigures,
  type SuppliedFigure,
  type SuppliedFigureBook,
  SuppliedFiguresError,
  suppliedFiguresTemplate,
  wholeDollars,
} from "@megaroth/core/typed";
import { useState } from "preact/hooks";
import { download } from "../scenario-file.js";
import { ErrorBox } from "./Why.js";

/**
 * IRS figures for a year megaroth does not have yet (published after this release): the user adds a JSON file
 * in the shape `megaroth figures template` prints; the core checks it and the page computes with it. A blank
 * file to fill in can be downloaded for the year on the form.
 */
export function SuppliedFiguresUpload(props: {
  book: SuppliedFigureBook | null;
  year: number | null;
  onChange: (book: SuppliedFigureBook | null) => void;
}) {
  const [errors, setErrors] = useState<readonly string[]>([]);
  const onFile = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    input.value = "";
    try {
      props.onChange(parseSuppliedFigures(JSON.parse(text), file.name));
      setErrors([]);
    } catch (error) {
      if (error instanceof SuppliedFiguresError) setErrors(error.issues);
      else setErrors([`${file.name} is not a JSON file: ${(error as Error).message}`]);
    }
  };
  const onTemplate = () => {
    if (props.year === null) return;
    const template = JSON.stringify(suppliedFiguresTemplate(props.year), null, 2);
    download(`figures-${props.year}.json`, `${template}\n`, "application/json");
  };
  return (
    <>
      <label class="file-button">
        {props.book ? `IRS figures: ${props.book.name}` : "Add IRS figures for a new year (JSON)"}
        <input id="planner-figures" type="file" accept=".json,application/json" onChange={onFile} />
      </label>
      {props.book && (
        <button type="button" class="secondary" onClick={() => props.onChange(null)}>
          Remove added figures
        </button>
      )}
      <button type="button" class="secondary" disabled={props.year === null} onClick={onTemplate}>
        Blank figures file{props.year === null ? "" : ` for ${props.year}`}
      </button>
      <ErrorBox title="The figures file was not used" messages={errors} />
    </>
  );
}

function shown(f: SuppliedFigure): string {
  const unit = FIGURES[f.id].unit;
  if (typeof f.value === "number") return unit === "usd" ? formatUsd(wholeDollars(f.value)) : String(f.value);
  if (unit === "basis-points") {
    const r = f.value as { socialSecurity: number; medicare: number };
    return `Social Security ${r.socialSecurity / 100}%, Medicare ${r.medicare / 100}%`;
  }
  return JSON.stringify(f.value);
}

/** The supplied figures a result used, each with the source the user named. */
export function SuppliedFiguresNote(props: { supplied: readonly SuppliedFigure[] }) {
  if (props.supplied.length === 0) return null;
  return (
    <section class="warnings" aria-label="Figures you supplied" data-testid="supplied-figures">
      <h2>Figures you supplied (not IRS figures on file)</h2>
      <ul>
        {props.supplied.map((f) => (
          <li key={`${f.id}:${f.year}`}>
            {FIGURES[f.id].description} ({FIGURES[f.id].citation}), {f.year}: {shown(f)} — supplied by you:{" "}
            {f.source}
          </li>
        ))}
      </ul>
    </section>
  );
}
