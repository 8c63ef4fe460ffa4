/**
 * The page's stand-in for a Convex deployment: no backend runs in this example, so the beacon's
 * answer lives in localStorage (it survives reloads, like a real deployment) and `deploy(served)`
 * plays the push. It implements only what `convex/react` calls for a query subscription and the
 * connection state (see test/react/convex-test-client.ts for the convex-test-backed one).
 */
import type { ConvexReactClient } from "convex/react";

const KEY = "react-skew-demo:served";

export class DemoDeployment {
  private readonly listeners = new Set<() => void>();

  constructor(initial: string[]) {
    if (localStorage.getItem(KEY) === null) localStorage.setItem(KEY, JSON.stringify(initial));
  }

  served(): string[] {
    return JSON.parse(localStorage.getItem(KEY) ?? "[]");
  }

  /** A deploy: the beacon now serves `served`, and subscribed queries re-run. */
  deploy(served: string[]): void {
    localStorage.setItem(KEY, JSON.stringify(served));
    for (const listener of this.listeners) listener();
  }

  asReactClient(): ConvexReactClient {
    const client = {
      watchQuery: () => ({
        onUpdate: (callback: () => void) => {
          this.listeners.add(callback);
          // The first answer arrives asynchronously, as over a websocket.
          setTimeout(callback, 50);
          return () => this.listeners.delete(callback);
        },
        localQueryResult: () => ({ served: this.served() }),
        localQueryLogs: () => undefined,
        journal: () => undefined,
      }),
      connectionState: () => ({
        hasInflightRequests: false,
        isWebSocketConnected: true,
        timeOfOldestInflightRequest: null,
        hasEverConnected: true,
        connectionCount: 1,
        connectionRetries: 0,
        inflightMutations: 0,
        inflightActions: 0,
      }),
      subscribeToConnectionState: () => () => {},
    };
    return client as unknown as ConvexReactClient;
  }
}
