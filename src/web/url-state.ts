import { useState } from "preact/hooks";
import { fromBase64Url, type Page, parseRoute, replaceParam, toBase64Url } from "./route.js";

/**
 * Pending URL writes, by parameter, with the page they belong to: written after typing pauses, before
 * leaving for another page, or at once when the browser tab is hidden.
 */
const pending = new Map<string, { page: Page; value: string }>();
let timer: ReturnType<typeof setTimeout> | undefined;
const WRITE_AFTER_MS = 150;

export function writePendingUrlState(): void {
  clearTimeout(timer);
  timer = undefined;
  const current = parseRoute(location.hash).page;
  for (const [name, { page, value }] of pending) if (page === current) replaceParam(name, value);
  pending.clear();
}

addEventListener("pagehide", writePendingUrlState);
addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") writePendingUrlState();
});

/**
 * A page's form state kept in the URL (as base64url JSON under `name`): reloads keep it, and the address can
 * be bookmarked or shared without any server. Unknown or missing keys fall back to the defaults. The URL is
 * written once typing pauses, not per keystroke: browsers throttle (and then drop) rapid history updates.
 */
export function useUrlState<T extends object>(name: string, defaults: T): [T, (next: T) => void] {
  const [state, setState] = useState<T>(() => readUrlState(name, defaults));
  const update = (next: T) => {
    setState(next);
    scheduleUrlWrite(name, next);
  };
  return [state, update];
}

/** Puts `value` (as base64url JSON) in the URL under `name` once typing pauses. */
export function scheduleUrlWrite(name: string, value: unknown): void {
  pending.set(name, { page: parseRoute(location.hash).page, value: toBase64Url(JSON.stringify(value)) });
  clearTimeout(timer);
  timer = setTimeout(writePendingUrlState, WRITE_AFTER_MS);
}

export function readUrlState<T extends object>(name: string, defaults: T): T {
  const encoded = parseRoute(location.hash).params.get(name);
  if (!encoded) return defaults;
  try {
    const stored = JSON.parse(fromBase64Url(encoded)) as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
    for (const [key, value] of Object.entries(defaults)) {
      if (typeof stored[key] === typeof value) merged[key] = stored[key];
    }
    return merged as T;
  } catch {
    return defaults;
  }
}
