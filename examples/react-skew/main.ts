/**
 * A page with the skew guard: this build's surface id is SURFACE; `window.deploy([...])` simulates
 * a backend deploy that serves other surfaces. Bundled by esbuild (see README.md) and driven by
 * test/browser/skew-prompt.test.ts in headless Chromium.
 */
import { ConvexProvider } from "convex/react";
import { makeFunctionReference } from "convex/server";
import { SkewGuard } from "convex-versioned/react";
import { createElement as h } from "react";
import { createRoot } from "react-dom/client";
import { DemoDeployment } from "./demo-client.ts";

// In an app: import.meta.env.VITE_CONVEX_SURFACE, set from `npx convex-versioned surfaces id`.
const SURFACE = "s1-3f9a0c7d21b4e865";
const beacon = makeFunctionReference<"query", Record<string, never>, { served: string[] }>(
  "skew:beacon",
);

const deployment = new DemoDeployment([SURFACE]);
(window as unknown as { deploy: (served: string[]) => void }).deploy = (served) =>
  deployment.deploy(served);

// How many times this tab loaded the page (the test checks a reload happened, and only once).
const loads = Number(sessionStorage.getItem("react-skew-demo:loads") ?? 0) + 1;
sessionStorage.setItem("react-skew-demo:loads", String(loads));

function App() {
  return h(
    "main",
    { style: { font: "16px/1.5 system-ui, sans-serif", padding: "2rem", maxWidth: "40rem" } },
    h("h1", null, "Team chat"),
    h("p", null, `Build ${SURFACE} · page load ${loads}`),
    h("ul", null, h("li", null, "ada: the deploy went out"), h("li", null, "lin: reloading now")),
  );
}

createRoot(document.getElementById("root")!).render(
  h(
    ConvexProvider,
    { client: deployment.asReactClient() },
    h(SkewGuard, { beacon, surface: SURFACE, recheckIntervalMs: 0 }, h(App)),
  ),
);
