import "./styles.css";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ComparePage } from "./pages/ComparePage.js";
import { ConversionsPage } from "./pages/ConversionsPage.js";
import { LedgerPage } from "./pages/LedgerPage.js";
import { PlannerPage } from "./pages/PlannerPage.js";
import { type Page, parseRoute, type Route, routeHash } from "./route.js";
import { writePendingUrlState } from "./url-state.js";

const PAGE_TITLES: Record<Page, string> = {
  planner: "Planner",
  conversions: "Conversions",
  compare: "Compare",
  ledger: "Ledger",
};

/** The pages, in menu order. */
const PAGE_VIEWS: Record<Page, () => preact.JSX.Element> = {
  planner: PlannerPage,
  conversions: ConversionsPage,
  compare: ComparePage,
  ledger: LedgerPage,
};

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
  const View = PAGE_VIEWS[route.page];
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
        <View key={route.page} />
      </main>
      <footer>
        Every figure is computed in this browser by megaroth's rules, the same code as the megaroth CLI;
        nothing leaves this machine. Not tax advice: check each figure's "why" against its IRS source.
      </footer>
    </>
  );
}

render(<App />, document.getElementById("app")!);
