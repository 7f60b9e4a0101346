import type { ComponentChildren } from "preact";

/** Labelled form fields: every input has a visible label tied to it, and its error is announced with it. */
interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly inputMode?: "decimal" | "numeric" | "text";
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
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type="text"
        inputMode={props.inputMode ?? "decimal"}
        autoComplete="off"
        value={props.value}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(props)}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
      <FieldMessages {...props} />
    </div>
  );
}

export function TextAreaField(props: FieldProps & { readonly rows?: number }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
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
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.id}
        value={props.value}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
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
