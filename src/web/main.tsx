import "./styles.css";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { PlannerPage } from "./pages/PlannerPage.js";
import { type Page, parseRoute, type Route, routeHash } from "./route.js";
import { writePendingUrlState } from "./url-state.js";

const PAGE_TITLES: Record<Page, string> = {
  planner: "Planner",
  conversions: "Conversions",
  compare: "Compare",
  ledger: "Ledger",
};

type View = () => preact.JSX.Element;

/**
 * The pages, in menu order. The planner (the first page) is in the start bundle; the others, with what only
 * they use (the chart library, the ledger's rules), are fetched from this machine's server on first visit.
 */
const PAGE_VIEWS: Record<Page, View | (() => Promise<View>)> = {
  planner: PlannerPage,
  conversions: () => import("./pages/ConversionsPage.js").then((m) => m.ConversionsPage),
  compare: () => import("./pages/ComparePage.js").then((m) => m.ComparePage),
  ledger: () => import("./pages/LedgerPage.js").then((m) => m.LedgerPage),
};

const loaded = new Map<Page, View>([["planner", PlannerPage]]);

/** The page's view, once its module is here (at once for the planner or a page seen before). */
function usePageView(page: Page): View | null | Error {
  const [view, setView] = useState<{ page: Page; view: View | Error } | null>(null);
  useEffect(() => {
    if (loaded.has(page)) return;
    let current = true;
    (PAGE_VIEWS[page] as () => Promise<View>)().then(
      (v) => {
        loaded.set(page, v);
        if (current) setView({ page, view: v });
      },
      (error: unknown) => {
        if (current) setView({ page, view: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => {
      current = false;
    };
  }, [page]);
  return loaded.get(page) ?? (view?.page === page ? view.view : null);
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

function App() {
  const route = useRoute();
  const View = usePageView(route.page);
  useEffect(() => {
    document.title = `${PAGE_TITLES[route.page]} — megaroth`;
  }, [route.page]);
  return (
    <>
      <button type="button" class="skip-link" onClick={() => document.getElementById("content")?.focus()}>
        Skip to content
      </button>
      <header class="app-header">
        <p class="brand">megaroth</p>
        <nav aria-label="Pages">
          <ul>
            {(Object.keys(PAGE_VIEWS) as Page[]).map((page) => (
              <li key={page}>
                <a
                  href={routeHash(page)}
                  aria-current={route.page === page ? "page" : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    writePendingUrlState();
                    location.hash = routeHash(page, parseRoute(location.hash).params);
                  }}
                >
                  {PAGE_TITLES[page]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="content" tabIndex={-1}>
        {View instanceof Error ? (
          <p role="alert">
            This page could not be loaded ({View.message}). Check that megaroth's server is still running,
            then reload.
          </p>
        ) : View ? (
          <View key={route.page} />
        ) : (
          <p aria-busy="true">Loading {PAGE_TITLES[route.page]}…</p>
        )}
      </main>
      <footer>
        Every figure is computed in this browser by megaroth's rules, the same code as the megaroth CLI;
        nothing leaves this machine. Not tax advice: check each figure's "why" against its IRS source.
      </footer>
    </>
  );
}

render(<App />, document.getElementById("app")!);
