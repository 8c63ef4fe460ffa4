/**
 * The React entry's public types: any public, args-less query returning at least `{ served:
 * string[] }` is a beacon (an app's `api.skew.beacon` as codegen types it), and nothing else is.
 * Checked by `tsc` (npm run typecheck); the test bodies only hold the assertions.
 */
import type { ApiFromModules, DefaultFunctionArgs, FunctionReference } from "convex/server";
import {
  type SkewBeacon,
  type SkewGuardOptions,
  type SkewGuardState,
  type SkewReason,
  useReportSkewError,
  useSkewGuard,
} from "convex-versioned/react";
import { describe, expectTypeOf, test } from "vitest";
import type * as skew from "../fixtures/skew-app/convex/skew";

declare const api: ApiFromModules<{ skew: typeof skew }>;

type Beacon = typeof api.skew.beacon;
type Ref<
  Type extends "query" | "mutation",
  Visibility extends "public" | "internal",
  Args extends DefaultFunctionArgs,
  Returns,
> = FunctionReference<Type, Visibility, Args, Returns>;
type Ok = Record<string, never>;

describe("SkewBeacon", () => {
  test("an app's beacon, with more fields than served, is accepted", () => {
    expectTypeOf<Beacon>().toExtend<SkewBeacon>();
    expectTypeOf<SkewGuardOptions["beacon"]>().toEqualTypeOf<SkewBeacon>();
  });

  test("other functions are not beacons", () => {
    // a beacon takes no args
    expectTypeOf<
      Ref<"query", "public", { build: string }, { served: string[] }>
    >().not.toExtend<SkewBeacon>();
    // served must be a list of surface ids
    expectTypeOf<Ref<"query", "public", Ok, { served: number[] }>>().not.toExtend<SkewBeacon>();
    // an internal query cannot be called by a client
    expectTypeOf<Ref<"query", "internal", Ok, { served: string[] }>>().not.toExtend<SkewBeacon>();
    // a mutation cannot be subscribed to
    expectTypeOf<Ref<"mutation", "public", Ok, { served: string[] }>>().not.toExtend<SkewBeacon>();
  });
});

describe("the hook and its state", () => {
  test("useSkewGuard returns the state; reasons are a closed set", () => {
    expectTypeOf(useSkewGuard).returns.toEqualTypeOf<SkewGuardState>();
    expectTypeOf<SkewGuardState["reason"]>().toEqualTypeOf<SkewReason | null>();
    expectTypeOf<SkewReason>().toEqualTypeOf<"beacon" | "error">();
    expectTypeOf<SkewGuardState["reload"]>().toEqualTypeOf<() => boolean>();
  });

  test("useReportSkewError takes anything a call threw", () => {
    expectTypeOf(useReportSkewError).returns.toEqualTypeOf<(error: unknown) => boolean>();
  });

  test("surface is required", () => {
    const beacon = {} as Beacon;
    // @ts-expect-error the build's own surface id is required
    const options: SkewGuardOptions = { beacon };
    void options;
  });
});
