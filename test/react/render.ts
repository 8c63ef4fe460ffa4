/** Rendering into happy-dom with react-dom, every update inside `act`. */
import { act, type ReactNode } from "react";
import { createRoot, type Root } from "react-dom/client";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Rendered {
  container: HTMLElement;
  root: Root;
  unmount: () => Promise<void>;
}

export async function render(node: ReactNode): Promise<Rendered> {
  const container = document.createElement("div");
  document.body.appendChild(container);
  const root = createRoot(container);
  await act(async () => root.render(node));
  return {
    container,
    root,
    unmount: async () => {
      await act(async () => root.unmount());
      container.remove();
    },
  };
}

/** Let pending promises (convex-test runs) and the renders they cause finish. */
export async function flush(settle?: () => Promise<void>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await act(async () => {
      await settle?.();
      // Microtasks only, so fake timers cannot stall it.
      for (let j = 0; j < 10; j++) await Promise.resolve();
    });
  }
}

export function prompt(container: HTMLElement): HTMLElement | null {
  return container.querySelector('[data-convex-versioned="skew-prompt"]');
}

export function button(container: HTMLElement, label: string): HTMLButtonElement | undefined {
  return [...container.querySelectorAll("button")].find((b) => b.textContent === label);
}
