import { useState } from "preact/hooks";
import { fromBase64Url, parseRoute, replaceParam, toBase64Url } from "./route.js";

/**
 * A page's form state kept in the URL (as base64url JSON under `name`): reloads keep it, and the address can
 * be bookmarked or shared without any server. Unknown or missing keys fall back to the defaults.
 */
export function useUrlState<T extends object>(name: string, defaults: T): [T, (next: T) => void] {
  const [state, setState] = useState<T>(() => readUrlState(name, defaults));
  const update = (next: T) => {
    setState(next);
    replaceParam(name, toBase64Url(JSON.stringify(next)));
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
