/**
 * zod: an old client's call is parsed by each newer version's schema after that version's `up`, and a
 * result by each older version's `returns` before its `down` (convex/parsing.ts). The adapters there
 * apply no default or transform by hand, so only the library's parsing can produce these values.
 */
import { describe, expect, test } from "vitest";
import { backend, convexErrorData, ref } from "./setup";

const parsed = { n: 3, nType: "number", mode: "x" };

describe("zod: every version gets its schema's output", () => {
  test("the current export: zod's own parsing (the reference)", async () => {
    const t = backend();
    expect(await t.query(ref.query("parsing:measure"), { n: "abc" })).toEqual(parsed);
  });

  test("a renamed old export: `up`'s output gets the newest default and transform", async () => {
    const t = backend();
    expect(await t.query(ref.query("parsing:measureText"), { text: "abc" })).toEqual(parsed);
  });

  test("an old shape sharing the export name: the same", async () => {
    const t = backend();
    expect(await t.query(ref.query("parsing:gauge"), { text: "abc" })).toEqual(parsed);
    expect(await t.query(ref.query("parsing:gauge"), { n: "abc", mode: "y" })).toEqual({
      ...parsed,
      mode: "y",
    });
  });

  test("three versions: the middle version's transform runs before the newest `up`", async () => {
    const t = backend();
    // " a b " is trimmed to "a b" by the middle version's schema: 3 characters, not 5.
    const words = await t.query(ref.query("parsing:tallyWords"), { words: [" a", "b "] });
    // Down: the newest returns transform (upper case), then the middle version's default ("v2").
    expect(words).toEqual({ n: 3, summary: "MODE X/v2" });
    expect(await t.query(ref.query("parsing:tallyText"), { text: "  abc " })).toEqual({
      n: 3,
      label: "MODE X",
      note: "v2",
    });
    expect(await t.query(ref.query("parsing:tally"), { n: "abcd", mode: "y" })).toEqual({
      n: 4,
      nType: "number",
      mode: "y",
      label: "MODE Y",
    });
  });

  test("an async refinement of the newest version runs on the adapted args", async () => {
    const t = backend();
    const data = await convexErrorData(
      t.query(ref.query("parsing:measureText"), { text: "far too long for it" }),
    );
    expect(data).toMatchObject({
      code: "VERSIONED_ADAPTER_FAILED",
      definition: "measure",
      version: "2026-10-01",
      direction: "up",
      path: "n",
    });
    expect(data.message).toMatch(/at `n`: at most 10 characters/);
    expect(data).not.toHaveProperty("ZodError");
    // Through the middle of a chain and through a shared export name alike.
    for (const [path, args] of [
      ["parsing:tallyWords", { words: ["far", "too", "long", "for", "it"] }],
      ["parsing:gauge", { text: "far too long for it" }],
    ] as const) {
      expect(await convexErrorData(t.query(ref.query(path), args))).toMatchObject({
        code: "VERSIONED_ADAPTER_FAILED",
        version: "2026-10-01",
        direction: "up",
        path: "n",
      });
    }
  });

  test("a sync schema rejecting `up`'s output: the same error, with the issue's path", async () => {
    const t = backend();
    expect(await t.query(ref.query("parsing:pickModeV1"), { mode: "y" })).toBe("y");
    expect(
      await convexErrorData(t.query(ref.query("parsing:pickModeV1"), { mode: "z" })),
    ).toMatchObject({
      code: "VERSIONED_ADAPTER_FAILED",
      definition: "pickMode",
      version: "2026-10-01",
      direction: "up",
      path: "mode",
    });
  });

  test("a `down` whose output an older `returns` schema rejects is the adapter's fault", async () => {
    const t = backend();
    expect(await convexErrorData(t.query(ref.query("parsing:badDownV1"), {}))).toMatchObject({
      code: "VERSIONED_ADAPTER_FAILED",
      definition: "badDown",
      version: "2026-10-01",
      direction: "down",
      path: "n",
    });
    expect(await t.query(ref.query("parsing:badDown"), {})).toEqual({ half: 0.5 });
  });

  test("the last `down`'s output rejected by the called version's own schema: the adapter's fault", async () => {
    const t = backend();
    const expected = {
      code: "VERSIONED_ADAPTER_FAILED",
      version: "2026-10-01",
      direction: "down",
      path: "n",
    };
    for (const [path, args, definition] of [
      ["parsing:badDownV2", {}, "badDown"],
      ["parsing:badFinalV1", {}, "badFinal"],
      ["parsing:badShared", { old: "x" }, "badShared"],
    ] as const) {
      const data = await convexErrorData(t.query(ref.query(path), args));
      expect(data).toMatchObject({ ...expected, definition });
      expect(data.message).toMatch(/rejects at `n`/);
    }
    expect(await t.query(ref.query("parsing:badShared"), { fresh: "x" })).toEqual({ half: 0.5 });
  });
});
