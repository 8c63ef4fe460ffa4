/**
 * The beacon modules `check --beacon` wrote in the seed story (test/cli/skew-story.test.ts checks
 * the committed files are what the CLI writes) served by `defineSkewBeacon` in real fixture apps on
 * convex-test, called by string path as a client subscribes to it. A client whose id is listed is
 * current; one whose id is missing is stale and should offer a reload.
 */
import { makeFunctionReference } from "convex/server";
import { convexTest } from "convex-test";
import { describe, expect, test } from "vitest";
import dropsSchema from "../fixtures/skew/drops-v1/convex/schema";
import ids from "../fixtures/skew/ids.json";
import keepsSchema from "../fixtures/skew/keeps-v1/convex/schema";

const beacon = makeFunctionReference<"query", Record<string, never>, { served: string[] }>(
  "skew:beacon",
);

describe("after the deploy that keeps v1 served", () => {
  const t = () =>
    convexTest(keepsSchema, import.meta.glob("../fixtures/skew/keeps-v1/convex/**/*.ts"));

  test("the beacon serves web@v1 and the deployed code's own surface", async () => {
    const { served } = await t().query(beacon, {});
    expect(served).toEqual([ids["keeps-v1"], ids["web@v1"]].sort());
  });

  test("and a v1 client's call really is served", async () => {
    const backend = t();
    await backend.mutation(makeFunctionReference<"mutation">("channels:create"), {
      name: "general",
    });
    const id = await backend.mutation(makeFunctionReference<"mutation">("messages:send"), {
      body: "hello",
      author: "ada",
    });
    expect(typeof id).toBe("string");
  });
});

describe("after the waived deploy that removed what v1 calls", () => {
  test("the beacon no longer lists web@v1 (stale: prompt) but lists the new code (current: quiet)", async () => {
    const t = convexTest(dropsSchema, import.meta.glob("../fixtures/skew/drops-v1/convex/**/*.ts"));
    const { served } = await t.query(beacon, {});
    expect(served).toEqual([ids["drops-v1"]]);
    expect(served.includes(ids["web@v1"])).toBe(false);
  });
});
