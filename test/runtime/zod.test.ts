/** zod versions through convex-versioned/zod (convex/newsletter.ts): refinements and defaults. */
import { describe, expect, test } from "vitest";
import { backend, convexErrorData, ref } from "./setup";

describe("zod versions", () => {
  test("v1 shape is adapted up; the v2 default is visible in the stored row; result adapted down", async () => {
    const t = backend();
    const id = await t.mutation(ref.mutation("newsletter:subscribe"), {
      email: "a@b.co",
      topic: "news",
    });
    expect(typeof id).toBe("string");
    const row = await t.run((ctx) => ctx.db.get(id as any));
    expect(row).toMatchObject({ email: "a@b.co", topics: ["news"], frequency: "weekly" });
  });

  test("v2 shape: zod default applies when the field is absent", async () => {
    const t = backend();
    const result = await t.mutation(ref.mutation("newsletter:subscribe"), {
      email: "c@d.co",
      topics: ["a", "b"],
    });
    expect(result).toMatchObject({ topics: ["a", "b"] });
    const row = await t.run((ctx) => ctx.db.get(result.id));
    expect(row).toMatchObject({ frequency: "weekly" });
  });

  test.each([
    ["v1 refinement: bad email", { email: "nope", topic: "news" }],
    ["v1 refinement: empty topic", { email: "a@b.co", topic: "" }],
    ["v2 refinement: no topics", { email: "a@b.co", topics: [] }],
  ])("%s → no version accepts it", async (_name, args) => {
    const t = backend();
    expect(
      await convexErrorData(t.mutation(ref.mutation("newsletter:subscribe"), args)),
    ).toMatchObject({
      code: "VERSIONED_ARGS_MISMATCH",
      tried: ["2026-10-01", "2026-06-01"],
    });
  });

  test("unknown fields are still rejected by Convex for a zod export with several shapes", async () => {
    const t = backend();
    await expect(
      t.mutation(ref.mutation("newsletter:subscribe"), { email: "a@b.co", topic: "x", vip: true }),
    ).rejects.toThrow(/vip/);
  });

  test("a renamed zod query: old name gets the old result shape (down), zod checks each export", async () => {
    const t = backend();
    await t.mutation(ref.mutation("newsletter:subscribe"), {
      email: "e@f.co",
      topics: ["x"],
      frequency: "daily",
    });
    expect(await t.query(ref.query("newsletter:subscription"), { email: "e@f.co" })).toEqual({
      email: "e@f.co",
      frequency: "daily",
    });
    expect(await t.query(ref.query("newsletter:getSubscription"), { email: "e@f.co" })).toEqual({
      email: "e@f.co",
      frequency: "daily",
      topics: ["x"],
    });
    // single-version zod exports keep zod's own error for a refinement failure
    expect(
      await convexErrorData(t.query(ref.query("newsletter:subscription"), { email: "bad" })),
    ).toHaveProperty("ZodError");
  });
});
