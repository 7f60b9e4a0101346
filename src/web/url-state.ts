import { useState } from "preact/hooks";
import { fromBase64Url, parseRoute, replaceParam, toBase64Url } from "./route.js";

/** Pending URL writes, by parameter: written after typing pauses, or at once when the page is hidden. */
const pending = new Map<string, string>();
let timer: ReturnType<typeof setTimeout> | undefined;
const WRITE_AFTER_MS = 150;

function writePending(): void {
  clearTimeout(timer);
  timer = undefined;
  for (const [name, value] of pending) replaceParam(name, value);
  pending.clear();
}

addEventListener("pagehide", writePending);
addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") writePending();
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
    pending.set(name, toBase64Url(JSON.stringify(next)));
    clearTimeout(timer);
    timer = setTimeout(writePending, WRITE_AFTER_MS);
  };
  return [state, update];
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
