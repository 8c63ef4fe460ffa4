/** A convex-helpers customMutation with auth middleware, versioned (convex/profiles.ts). */
import { describe, expect, test } from "vitest";
import { backend, convexErrorData, ref } from "./setup";

const runs = (t: ReturnType<typeof backend>) => t.query(ref.query("profiles:middlewareRuns"), {});

describe("middleware runs exactly once per call, whichever version was called", () => {
  test("old export (up + down) and current export each count one run", async () => {
    const t = backend();
    expect(await runs(t)).toBe(0);
    // v1: old name, old arg, old result (null) — the handler still sees ctx.user and the made arg
    expect(
      await t.mutation(ref.mutation("profiles:setName"), { token: "user:ada", name: "Ada" }),
    ).toBeNull();
    expect(await runs(t)).toBe(1);
    expect(
      await t.mutation(ref.mutation("profiles:updateProfile"), {
        token: "user:ada",
        displayName: "Ada L.",
      }),
    ).toEqual({ user: "ada", displayName: "Ada L." });
    expect(await runs(t)).toBe(2);
    expect(await t.query(ref.query("profiles:get"), { user: "ada" })).toEqual({
      displayName: "Ada L.",
      at: 0,
    });
  });

  test("the middleware's own args are still required for every version", async () => {
    const t = backend();
    await expect(t.mutation(ref.mutation("profiles:setName"), { name: "Ada" })).rejects.toThrow(
      /token/,
    );
    expect(
      await convexErrorData(
        t.mutation(ref.mutation("profiles:setName"), { token: "bad", name: "x" }),
      ),
    ).toEqual({ code: "UNAUTHENTICATED" });
    expect(await runs(t)).toBe(0);
  });

  test("unknown fields are rejected for the old version too", async () => {
    const t = backend();
    await expect(
      t.mutation(ref.mutation("profiles:setName"), {
        token: "user:a",
        name: "A",
        displayName: "B",
      }),
    ).rejects.toThrow();
  });
});
