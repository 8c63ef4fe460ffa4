/**
 * The skew guard in a React tree, on a convex-test backend (test/fixtures/skew-app): the beacon
 * reads `served` from a table, so a test deploys by writing a row. Surface ids are made up; the
 * guard treats them as opaque strings.
 */
import { ConvexProvider, useMutation, useQuery } from "convex/react";
import { makeFunctionReference } from "convex/server";
import { act, Component, createElement as h, type ReactNode, useState } from "react";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  type SkewBeacon,
  SkewGuard,
  type SkewGuardProps,
  useReportSkewError,
  useSkewGuardState,
} from "../../src/react.ts";
import { ConvexTestClient } from "./convex-test-client.ts";
import { button, flush, prompt, render } from "./render.ts";

const V1 = "s1-00000000000000a1";
const V2 = "s1-00000000000000b2";
const beacon = makeFunctionReference<"query", Record<string, never>, { served: string[] }>(
  "skew:beacon",
) satisfies SkewBeacon;

let client: ConvexTestClient;
let reloads: number;

beforeEach(() => {
  client = new ConvexTestClient();
  reloads = 0;
  sessionStorage.clear();
});

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = "";
});

function app(surface: string, props: Partial<SkewGuardProps> = {}, children?: ReactNode) {
  return h(
    ConvexProvider,
    { client: client.asReactClient() },
    h(
      SkewGuard,
      {
        beacon,
        surface,
        reloadPage: () => {
          reloads++;
        },
        ...props,
      },
      children ?? h("main", null, "the app"),
    ),
  );
}

async function mount(surface: string, props?: Partial<SkewGuardProps>, children?: ReactNode) {
  const rendered = await render(app(surface, props, children));
  await flush(() => client.settle());
  return rendered;
}

describe("the beacon", () => {
  test("a v1 client prompts once a deploy drops v1; a v2 client stays quiet", async () => {
    await deploy([V1, V2]);
    const v1 = await mount(V1);
    const v2 = await mount(V2);
    expect(prompt(v1.container)).toBeNull();
    expect(prompt(v2.container)).toBeNull();

    await deploy([V2]);
    await flush(() => client.settle());
    const shown = prompt(v1.container);
    expect(shown?.getAttribute("role")).toBe("alert");
    expect(shown?.textContent).toContain("A new version of this app is available");
    expect(button(v1.container, "Reload")).toBeDefined();
    expect(prompt(v2.container)).toBeNull();
    // The app itself is still there under the prompt.
    expect(v1.container.textContent).toContain("the app");
  });

  test("no prompt while the beacon is loading", async () => {
    await deploy([V2]);
    client.holdQueries = true;
    const v1 = await mount(V1);
    expect(prompt(v1.container)).toBeNull();
    client.release();
    await flush(() => client.settle());
    expect(prompt(v1.container)).not.toBeNull();
  });

  test("no prompt while the connection is down", async () => {
    await deploy([V1]);
    const v1 = await mount(V1);
    await h_act(() => client.setConnected(false));
    await deploy([V2]);
    await flush(() => client.settle());
    expect(prompt(v1.container)).toBeNull();
    await h_act(() => client.setConnected(true));
    expect(prompt(v1.container)).not.toBeNull();
  });

  test("a build without its surface id ignores the beacon and says why (it would prompt forever)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await deploy([V2]);
    const unset = await mount(undefined as unknown as string);
    expect(prompt(unset.container)).toBeNull();
    expect(warn.mock.calls.join("\n")).toContain("`surface` is empty");
    warn.mockRestore();
  });

  test("a beacon that fails (an older backend without it) leaves the app running and quiet", async () => {
    const missing = makeFunctionReference<"query", Record<string, never>, { served: string[] }>(
      "gone:beacon",
    );
    const v1 = await mount(V1, { beacon: missing });
    expect(v1.container.textContent).toBe("the app");
    expect(prompt(v1.container)).toBeNull();
  });

  test("window focus re-reads the beacon when the subscription did not re-run", async () => {
    await deploy([V1]);
    const v1 = await mount(V1, { reread: () => client.queryOnce("skew:beacon") as any });
    await deployQuietly([V2]);
    await flush(() => client.settle());
    expect(prompt(v1.container)).toBeNull();
    await h_act(() => window.dispatchEvent(new Event("focus")));
    await flush(() => client.settle());
    expect(prompt(v1.container)).not.toBeNull();
  });

  test("by default the re-read is an HTTP query to the client's deployment URL", async () => {
    // The network is stood in: POST {url}/api/query answered from the same convex-test backend,
    // in the response format ConvexHttpClient reads (convex/src/browser/http_client.ts).
    const requests: string[] = [];
    vi.stubGlobal("fetch", async (url: string, init: { body: string }) => {
      requests.push(url);
      const { path, args } = JSON.parse(init.body);
      const value = await client.queryOnce(path, args[0]);
      return new Response(JSON.stringify({ status: "success", value, logLines: [] }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    });
    client.url = "https://happy-otter-123.convex.cloud";
    await deploy([V1]);
    const v1 = await mount(V1);
    await deployQuietly([V2]);
    await h_act(() => window.dispatchEvent(new Event("focus")));
    await flush(() => client.settle());
    vi.unstubAllGlobals();
    expect(requests).toEqual(["https://happy-otter-123.convex.cloud/api/query"]);
    expect(prompt(v1.container)).not.toBeNull();
  });

  test("the slow timer re-reads it too", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    await deploy([V1]);
    const v1 = await mount(V1, {
      recheckIntervalMs: 60_000,
      reread: () => client.queryOnce("skew:beacon") as any,
    });
    await deployQuietly([V2]);
    await flush(() => client.settle());
    expect(prompt(v1.container)).toBeNull();
    await h_act(() => vi.advanceTimersByTime(60_000));
    await flush(() => client.settle());
    expect(prompt(v1.container)).not.toBeNull();
  });

  test("Later hides the prompt until the next signal", async () => {
    await deploy([V2]);
    const v1 = await mount(V1);
    await h_act(() => button(v1.container, "Later")!.click());
    expect(prompt(v1.container)).toBeNull();
    await deploy([V2, "s1-00000000000000c3"]);
    await flush(() => client.settle());
    expect(prompt(v1.container)).not.toBeNull();
  });
});

describe("reloads", () => {
  test("Reload reloads once; the reloaded page, still stale, cannot reload again (no loop)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.UTC(2026, 11, 1, 12));
    await deploy([V2]);
    const first = await mount(V1, { minReloadIntervalMs: 5 * 60_000 });
    await h_act(() => button(first.container, "Reload")!.click());
    expect(reloads).toBe(1);
    await first.unmount();

    // The page after the reload: the same stale build (a staged deployment reloads into itself).
    const second = await mount(V1, { minReloadIntervalMs: 5 * 60_000 });
    expect(prompt(second.container)?.textContent).toContain("reloading has not fixed it");
    expect(button(second.container, "Reload")).toBeUndefined();
    await second.unmount();

    // Past the interval, one more reload is allowed.
    vi.setSystemTime(Date.UTC(2026, 11, 1, 12, 6));
    const third = await mount(V1, { minReloadIntervalMs: 5 * 60_000 });
    await h_act(() => button(third.container, "Reload")!.click());
    expect(reloads).toBe(2);
  });

  test("autoReload waits a jittered delay, reloads once, and never again on the reloaded page", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    await deploy([V2]);
    const first = await mount(V1, { autoReload: true, reloadJitterMs: 10_000 });
    await h_act(() => vi.advanceTimersByTime(4_999));
    expect(reloads).toBe(0);
    await h_act(() => vi.advanceTimersByTime(1));
    expect(reloads).toBe(1);
    await first.unmount();

    const second = await mount(V1, { autoReload: true, reloadJitterMs: 10_000 });
    await h_act(() => vi.advanceTimersByTime(60_000));
    expect(reloads).toBe(1);
    expect(prompt(second.container)).not.toBeNull();
  });

  test("without sessionStorage there is no automatic reload (nothing would stop a loop)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const storage = vi.spyOn(window, "sessionStorage", "get").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    await deploy([V2]);
    const v1 = await mount(V1, { autoReload: true, reloadJitterMs: 1_000 });
    await h_act(() => vi.advanceTimersByTime(60_000));
    expect(reloads).toBe(0);
    // The user can still ask for one.
    await h_act(() => button(v1.container, "Reload")!.click());
    expect(reloads).toBe(1);
    storage.mockRestore();
  });
});

/** Sends the v1 shape (`{ text }`) to `messages:send`, which now also requires `channel`. */
function OldSender({ onError }: { onError?: (e: unknown) => void }) {
  const send = useMutation(makeFunctionReference<"mutation">("messages:send"));
  const report = useReportSkewError();
  const [status, setStatus] = useState("idle");
  return h(
    "button",
    {
      type: "button",
      onClick: () =>
        send({ text: "hi" }).then(
          () => setStatus("sent"),
          (e) => {
            setStatus(report(e) ? "skew" : "failed");
            onError?.(e);
          },
        ),
    },
    `send (${status})`,
  );
}

function StateProbe() {
  const state = useSkewGuardState();
  return h("output", null, `reason=${state?.reason}`);
}

describe("skew errors from calls", () => {
  test("a mutation rejected for its old args shape turns the guard stale", async () => {
    await deploy([V1]);
    const v1 = await mount(V1, {}, [h(OldSender, { key: "s" }), h(StateProbe, { key: "p" })]);
    expect(prompt(v1.container)).toBeNull();
    await h_act(() => button(v1.container, "send (idle)")!.click());
    await flush(() => client.settle());
    expect(v1.container.querySelector("button")?.textContent).toBe("send (skew)");
    expect(prompt(v1.container)).not.toBeNull();
    expect(v1.container.querySelector("output")?.textContent).toBe("reason=error");
  });

  test("an ordinary failure does not", async () => {
    await deploy([V1]);
    const v1 = await mount(V1, {}, h(OrdinaryFailure));
    await h_act(() => button(v1.container, "fail")!.click());
    expect(v1.container.querySelector("output")?.textContent).toBe("skew=false");
    expect(prompt(v1.container)).toBeNull();
  });

  test("an unhandled rejection with a skew error turns the guard stale", async () => {
    await deploy([V1]);
    const v1 = await mount(V1);
    const reason = new Error("Could not find public function for 'messages:send'.");
    await h_act(() => {
      const event = new Event("unhandledrejection") as Event & { reason?: unknown };
      event.reason = reason;
      window.dispatchEvent(event);
    });
    expect(prompt(v1.container)).not.toBeNull();
  });

  test("a query that throws a skew error is caught, reported and replaced", async () => {
    await deploy([V1]);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const v1 = await mount(V1, { fallback: h("p", null, "out of date") }, h(LegacyList));
    await flush(() => client.settle());
    errors.mockRestore();
    expect(v1.container.textContent).toContain("out of date");
    expect(v1.container.textContent).not.toContain("legacy list");
    expect(prompt(v1.container)).not.toBeNull();
  });

  test("a query that throws anything else reaches the app's own error boundary", async () => {
    await deploy([V1]);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const rendered = await render(h(AppBoundary, null, app(V1, {}, h(ArchivedList))));
    await flush(() => client.settle());
    errors.mockRestore();
    expect(rendered.container.textContent).toMatch(/^app caught: .*channel is archived/);
    expect(prompt(rendered.container)).toBeNull();
  });
});

function OrdinaryFailure() {
  const report = useReportSkewError();
  const [result, setResult] = useState<boolean | undefined>(undefined);
  return h(
    "div",
    null,
    h("button", { type: "button", onClick: () => setResult(report(new Error("boom"))) }, "fail"),
    h("output", null, `skew=${result}`),
  );
}

/** A query the deployed backend no longer has (convex-test: "Could not find module for"). */
function LegacyList() {
  useQuery(makeFunctionReference<"query">("legacy:list"));
  return h("p", null, "legacy list");
}

function ArchivedList() {
  useQuery(makeFunctionReference<"query">("messages:archived"));
  return h("p", null, "archived");
}

class AppBoundary extends Component<{ children?: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error
      ? h("p", null, `app caught: ${this.state.error.message}`)
      : this.props.children;
  }
}

async function h_act(fn: () => unknown): Promise<void> {
  await act(async () => {
    await fn();
  });
}

/** A deploy whose beacon serves `served`; subscribed queries re-run. */
async function deploy(served: string[]): Promise<void> {
  await h_act(() => client.push(served));
  await flush(() => client.settle());
}

/** A deploy whose subscriptions are not re-run (what the focus and timer re-reads are for). */
async function deployQuietly(served: string[]): Promise<void> {
  await h_act(() => client.pushQuietly(served));
}
