import type { Step, Warning } from "@megaroth/core/typed";
import { formatUsd } from "@megaroth/core/typed";
import { useState } from "preact/hooks";
import { warningLabel } from "../labels.js";

/**
 * A computed figure with its "why": the figure, and a button that opens the steps that produced it, each
 * with its amount and IRS citation, exactly as the core returned them (the CLI's --explain shows the same).
 */
export function Figure(props: { label: string; value: string; steps: readonly Step[]; testId?: string }) {
  const [open, setOpen] = useState(false);
  const id = `why-${(props.testId ?? props.label).replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`;
  return (
    <div class="figure" data-testid={props.testId}>
      <dt>{props.label}</dt>
      <dd>
        <span class="figure-value">{props.value}</span>{" "}
        {props.steps.length > 0 && (
          <button
            type="button"
            class="why-button"
            aria-expanded={open}
            aria-controls={id}
            onClick={() => setOpen(!open)}
          >
            {open ? "Hide why" : "Why?"}
            <span class="visually-hidden"> ({props.label})</span>
          </button>
        )}
        {open && <Steps id={id} steps={props.steps} />}
      </dd>
    </div>
  );
}

export function Steps(props: { id?: string; steps: readonly Step[] }) {
  return (
    <ol class="steps" id={props.id}>
      {props.steps.map((s, i) => (
        <li key={i}>
          <span class="step-label">{s.label}</span>
          {s.amount !== null && <span class="step-amount"> = {formatUsd(s.amount)}</span>}
          <cite class="step-citation">{s.citation}</cite>
        </li>
      ))}
    </ol>
  );
}

export function Warnings(props: {
  warnings: readonly Warning[];
  title?: string;
  tone?: "warn" | "info";
  testId?: string;
}) {
  if (props.warnings.length === 0) return null;
  const title = props.title ?? "Warnings";
  return (
    <section
      class={props.tone === "info" ? "warnings info" : "warnings"}
      aria-label={title}
      data-testid={props.testId}
    >
      <h3>{title}</h3>
      <ul>
        {props.warnings.map((w) => (
          <li key={w.code + w.message} data-code={w.code}>
            <strong>{warningLabel(w.code)}</strong>: {w.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** An error message the user must see (a bad field, a refused import), announced to screen readers. */
export function ErrorBox(props: { title: string; messages: readonly string[] }) {
  if (props.messages.length === 0) return null;
  return (
    <div class="error-box" role="alert">
      <strong>{props.title}</strong>
      <ul>
        {props.messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
