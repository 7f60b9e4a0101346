import { parseDollars } from "@megaroth/core/typed";
import type { ComponentChildren } from "preact";

/**
 * Typed money shown as the defaults are ("200,000", "1,234.56") once the field is left: whole dollars without
 * cents, otherwise two decimals. Text that is not an amount is left as typed (its error says why).
 */
export function formatMoneyText(text: string): string {
  if (text.trim() === "") return text;
  try {
    const cents = parseDollars(text);
    if (cents < 0) return text;
    const whole = Math.trunc(cents / 100);
    const part = cents % 100;
    return `${whole.toLocaleString("en-US")}${part === 0 ? "" : `.${String(part).padStart(2, "0")}`}`;
  } catch {
    return text;
  }
}

/** How a field is marked: every optional field says "optional", every required one "required", the same way. */
export type Need = "optional" | "required";

function FieldLabel(props: { id: string; label: string; need?: Need | undefined }) {
  return (
    <label for={props.id}>
      {props.label}
      {props.need && <span class={`need need-${props.need}`}> ({props.need})</span>}
    </label>
  );
}

/** Labelled form fields: every input has a visible label tied to it, and its error is announced with it. */
interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly error?: string | undefined;
  readonly hint?: string;
  /** The keypad a phone shows: "decimal" for amounts and rates, "numeric" for whole numbers, "text" for dates,
   * formulas and words such as "max". */
  readonly inputMode?: "decimal" | "numeric" | "text";
  readonly need?: Need | undefined;
  /** "money": shown as the defaults are once the field is left. */
  readonly format?: "money";
}

/** The ids of a field's hint and error, which a screen reader reads with the input. */
function describedBy(props: Pick<FieldProps, "id" | "error" | "hint">): string | undefined {
  const ids = [props.error ? `${props.id}-error` : "", props.hint ? `${props.id}-hint` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function FieldMessages(props: Pick<FieldProps, "id" | "error" | "hint">) {
  return (
    <>
      {props.hint && (
        <small id={`${props.id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      {props.error && (
        <span id={`${props.id}-error`} class="field-error">
          {props.error}
        </span>
      )}
    </>
  );
}

export function TextField(props: FieldProps) {
  return (
    <div class="field">
      <FieldLabel id={props.id} label={props.label} need={props.need} />
      <input
        id={props.id}
        name={props.id}
        type="text"
        inputMode={props.inputMode ?? "decimal"}
        autoComplete="off"
        value={props.value}
        aria-invalid={props.error ? "true" : undefined}
        aria-required={props.need === "required" ? "true" : undefined}
        aria-describedby={describedBy(props)}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
        onBlur={(e) => {
          if (props.format !== "money") return;
          const typed = (e.currentTarget as HTMLInputElement).value;
          const shown = formatMoneyText(typed);
          if (shown !== typed) props.onInput(shown);
        }}
      />
      <FieldMessages {...props} />
    </div>
  );
}

export function TextAreaField(props: FieldProps & { readonly rows?: number }) {
  return (
    <div class="field">
      <FieldLabel id={props.id} label={props.label} need={props.need} />
      <textarea
        id={props.id}
        name={props.id}
        rows={props.rows ?? 3}
        value={props.value}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(props)}
        onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <FieldMessages {...props} />
    </div>
  );
}

export function SelectField(props: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly options: readonly (readonly [value: string, label: string])[];
  readonly onChange: (value: string) => void;
  readonly hint?: string;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.id}
        value={props.value}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      {props.hint && (
        <small id={`${props.id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
    </div>
  );
}

export function CheckboxField(props: {
  readonly id: string;
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}) {
  return (
    <div class="field inline">
      <input
        id={props.id}
        name={props.id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

export function Section(props: { title: string; children: ComponentChildren; id?: string }) {
  const headingId = `${props.id ?? props.title.replace(/\W+/g, "-").toLowerCase()}-heading`;
  return (
    <section aria-labelledby={headingId} id={props.id}>
      <h2 id={headingId}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** A scrolling box for a wide or long table, reachable by keyboard so its overflow can be scrolled. */
export function ScrollBox(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard
    <section class="table-scroll" aria-label={`${props.label} (scrollable table)`} tabIndex={0}>
      {props.children}
    </section>
  );
}
