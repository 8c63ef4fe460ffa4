/**
 * A stand-in for `ConvexReactClient`, answering from convex-test, for hook tests in happy-dom.
 *
 * What is stood in, and why: no Convex backend runs here (CONVEX-FACTS.md), so the real client has
 * no websocket to talk to. `convex/react`'s hooks only call a handful of the client's methods —
 * `watchQuery` (useQuery/useQueries, via QueriesObserver: `onUpdate`, `localQueryResult`,
 * `journal`), `mutation` and `action` (useMutation/useAction), `connectionState` and
 * `subscribeToConnectionState` (useConvexConnectionState) — and this object implements exactly
 * those, running every call through convex-test by string path with the args the client sent. The
 * functions, validators and database are the real Convex code paths convex-test provides; only the
 * transport is replaced. Like the real client, it re-runs every subscribed query after each write
 * (Convex re-runs subscribed queries after a mutation or a push); `push()` stands for a deploy.
 * Errors are convex-test's own, unwrapped (the real client adds "[CONVEX M(path)] …").
 */
import type { ConvexReactClient } from "convex/react";
import type { FunctionReference } from "convex/server";
import { getFunctionName, makeFunctionReference } from "convex/server";
import { convexTest } from "convex-test";
import schema from "../fixtures/skew-app/convex/schema";

const modules = import.meta.glob("../fixtures/skew-app/convex/**/*.ts");

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Subscription {
  path: string;
  args: Record<string, unknown>;
  result?: Result;
  listeners: Set<() => void>;
}

export class ConvexTestClient {
  readonly t = convexTest(schema, modules);
  private readonly subscriptions = new Map<string, Subscription>();
  private connected = true;
  private readonly connectionListeners = new Set<() => void>();
  /** The deployment URL the real client exposes (`ConvexReactClient.url`); none by default. */
  url: string | undefined = undefined;
  /** While true, queries are not answered: the beacon stays loading. */
  holdQueries = false;
  /** Every query run in flight, so tests can wait for the client to settle. */
  private inflight = new Set<Promise<void>>();

  /** The object `ConvexProvider` expects (the methods its hooks call are implemented here). */
  asReactClient(): ConvexReactClient {
    return this as unknown as ConvexReactClient;
  }

  watchQuery(query: FunctionReference<"query">, args: Record<string, unknown> = {}) {
    const path = getFunctionName(query);
    const key = `${path}:${JSON.stringify(args)}`;
    return {
      onUpdate: (callback: () => void) => {
        let sub = this.subscriptions.get(key);
        if (sub === undefined) {
          sub = { path, args, listeners: new Set() };
          this.subscriptions.set(key, sub);
          this.run(sub);
        }
        sub.listeners.add(callback);
        const subscription = sub;
        return () => {
          subscription.listeners.delete(callback);
          if (subscription.listeners.size === 0) this.subscriptions.delete(key);
        };
      },
      localQueryResult: () => {
        const result = this.subscriptions.get(key)?.result;
        if (result === undefined) return undefined;
        if (!result.ok) throw result.error;
        return result.value;
      },
      localQueryLogs: () => undefined,
      journal: () => undefined,
    };
  }

  mutation(mutation: FunctionReference<"mutation">, args: Record<string, unknown> = {}) {
    const path = getFunctionName(mutation);
    return this.track(this.t.mutation(makeFunctionReference<"mutation">(path), args));
  }

  action(action: FunctionReference<"action">, args: Record<string, unknown> = {}) {
    const path = getFunctionName(action);
    return this.track(this.t.action(makeFunctionReference<"action">(path), args));
  }

  /** A write in flight: `settle` waits for it, and subscribed queries re-run once it is done. */
  private track<T>(call: Promise<T>): Promise<T> {
    const done = call.then(
      () => this.rerunAll(),
      () => this.rerunAll(),
    );
    this.inflight.add(done);
    void done.finally(() => this.inflight.delete(done));
    return call;
  }

  connectionState() {
    return {
      hasInflightRequests: false,
      isWebSocketConnected: this.connected,
      timeOfOldestInflightRequest: null,
      hasEverConnected: true,
      connectionCount: 1,
      connectionRetries: 0,
      inflightMutations: 0,
      inflightActions: 0,
    };
  }

  subscribeToConnectionState(callback: () => void) {
    this.connectionListeners.add(callback);
    return () => this.connectionListeners.delete(callback);
  }

  /** The websocket drops (or comes back). */
  setConnected(connected: boolean) {
    this.connected = connected;
    for (const listener of this.connectionListeners) listener();
  }

  /** A deploy whose beacon serves `served`; subscribed queries re-run, as after a push. */
  async push(served: string[]) {
    await this.t.run(async (ctx) => {
      await ctx.db.insert("deployments", { served });
    });
    this.rerunAll();
    await this.settle();
  }

  /** A deploy whose subscriptions are not re-run (the case the focus and timer re-reads cover). */
  async pushQuietly(served: string[]) {
    await this.t.run(async (ctx) => {
      await ctx.db.insert("deployments", { served });
    });
  }

  /** A one-off read, as an HTTP query would do it (for the guard's `reread` option). */
  queryOnce(path: string, args: Record<string, unknown> = {}): Promise<unknown> {
    const call = this.t.query(makeFunctionReference<"query">(path), args);
    const done = call.then(
      () => {},
      () => {},
    );
    this.inflight.add(done);
    void done.finally(() => this.inflight.delete(done));
    return call;
  }

  /** Answer queries held back by `holdQueries`. */
  release() {
    this.holdQueries = false;
    this.rerunAll();
  }

  async settle() {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  private rerunAll() {
    for (const sub of this.subscriptions.values()) this.run(sub);
  }

  private run(sub: Subscription) {
    if (this.holdQueries) return;
    const done = this.t
      .query(makeFunctionReference<"query">(sub.path), sub.args)
      .then(
        (value): Result => ({ ok: true, value }),
        (error): Result => ({ ok: false, error }),
      )
      .then((result) => {
        sub.result = result;
        for (const listener of sub.listeners) listener();
      })
      .finally(() => this.inflight.delete(done));
    this.inflight.add(done);
  }
}
