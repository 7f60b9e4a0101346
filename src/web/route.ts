/**
 * Hash routing (`#/planner?scenario=…&compare=…`): the page and the state of every page live in the URL, so
 * a plan can be bookmarked or shared, reloads and moving between pages keep it, and the server never sees it.
 */
export const PAGES = ["planner", "conversions", "compare", "ledger"] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  readonly page: Page;
  readonly params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#\/?/, "").split("?", 2);
  const page = (PAGES as readonly string[]).includes(path) ? (path as Page) : "planner";
  return { page, params: new URLSearchParams(query) };
}

export function routeHash(page: Page, params?: URLSearchParams): string {
  const query = params?.toString() ?? "";
  return `#/${page}${query ? `?${query}` : ""}`;
}

/** Replaces one parameter of the current page's URL without adding a history entry per keystroke. */
export function replaceParam(name: string, value: string | null): void {
  const route = parseRoute(location.hash);
  const params = new URLSearchParams(route.params);
  if (value === null) params.delete(name);
  else params.set(name, value);
  history.replaceState(null, "", routeHash(route.page, params));
}

/** UTF-8 text ⇄ base64url, for putting a scenario's JSON in the URL. */
export function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function fromBase64Url(encoded: string): string {
  const binary = atob(encoded.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
