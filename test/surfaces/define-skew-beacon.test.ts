/**
 * `defineSkewBeacon` registers with the app's own builder a public query, args `{}`, returning
 * `{ served: string[] }` — the shape the React guard subscribes to (its FunctionReference type is
 * the contract between the two; see docs/skew-clients.md).
 */
import {
  type ApiFromModules,
  anyApi,
  type FunctionReference,
  internalQueryGeneric,
  queryGeneric,
} from "convex/server";
import { describe, expect, expectTypeOf, test } from "vitest";
import { defineSkewBeacon } from "../../src/index.ts";

const beacon = defineSkewBeacon(queryGeneric, { served: ["s1-0123456789abcdef"] });

describe("defineSkewBeacon", () => {
  test("is a public query whose validators the backend would push: args {}, returns { served: string[] }", () => {
    const q = beacon as unknown as {
      isQuery: boolean;
      isPublic: boolean;
      exportArgs(): string;
      exportReturns(): string;
    };
    expect([q.isQuery, q.isPublic]).toEqual([true, true]);
    expect(JSON.parse(q.exportArgs())).toEqual({ type: "object", value: {} });
    expect(JSON.parse(q.exportReturns())).toEqual({
      type: "object",
      value: {
        served: { fieldType: { type: "array", value: { type: "string" } }, optional: false },
      },
    });
  });

  test("its api entry is the reference the React guard takes", () => {
    const api = anyApi as unknown as ApiFromModules<{ skew: { beacon: typeof beacon } }>;
    expectTypeOf(api.skew.beacon).toExtend<
      FunctionReference<"query", "public", Record<string, never>, { served: string[] }>
    >();
    // @ts-expect-error the beacon is read by clients: an internal builder cannot serve it
    defineSkewBeacon(internalQueryGeneric, { served: [] });
  });
});
