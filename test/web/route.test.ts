import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64Url, PAGES, parseRoute, routeHash, toBase64Url } from "../../src/web/route.js";

describe("hash routes", () => {
  it("reads the page and its parameters, defaulting to the planner", () => {
    expect(parseRoute("#/ledger?year=2026").page).toBe("ledger");
    expect(parseRoute("#/ledger?year=2026").params.get("year")).toBe("2026");
    expect(parseRoute("").page).toBe("planner");
    expect(parseRoute("#/no-such-page").page).toBe("planner");
  });

  it("writes what it reads (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PAGES),
        fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
        (page, entries) => {
          const params = new URLSearchParams(entries);
          const route = parseRoute(routeHash(page, params));
          expect(route.page).toBe(page);
          expect(Object.fromEntries(route.params)).toEqual(Object.fromEntries(params));
        },
      ),
    );
  });
});

describe("base64url for state in the URL", () => {
  it("round-trips any text, including non-ASCII (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const encoded = toBase64Url(text);
        expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(fromBase64Url(encoded)).toBe(text);
      }),
    );
  });
});
