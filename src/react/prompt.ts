/**
 * The default reload prompt: a small banner at the bottom of the page, announced to screen readers
 * (role="alert"), with a Reload button and a way to put it off. Style it through
 * `[data-convex-versioned="skew-prompt"]`, or pass your own `prompt` to `<SkewGuard>`.
 */
import { createElement as h, type ReactNode } from "react";
import type { SkewGuardState } from "./use-skew-guard.ts";

const BANNER = {
  position: "fixed",
  insetInline: "1rem",
  bottom: "1rem",
  zIndex: 2147483647,
  display: "flex",
  gap: "0.75rem",
  alignItems: "center",
  flexWrap: "wrap",
  padding: "0.75rem 1rem",
  borderRadius: "0.5rem",
  background: "#1f2937",
  color: "#f9fafb",
  font: "14px/1.4 system-ui, sans-serif",
  boxShadow: "0 4px 16px rgba(0,0,0,.25)",
} as const;

export function SkewPrompt({ state }: { state: SkewGuardState }): ReactNode {
  const text = state.canReload
    ? "A new version of this app is available. Reload to keep working."
    : "This version of the app is out of date, and reloading has not fixed it yet. Try again in a few minutes.";
  return h(
    "div",
    { role: "alert", "data-convex-versioned": "skew-prompt", style: BANNER },
    h("span", { style: { flex: "1 1 auto" } }, text),
    state.canReload
      ? h("button", { type: "button", onClick: () => state.reload() }, "Reload")
      : null,
    h("button", { type: "button", onClick: state.dismiss }, state.canReload ? "Later" : "Dismiss"),
  );
}
