/**
 * Fixture apps (`test/fixtures/infer/<case>/{before,after}/convex`): real folders with a schema,
 * a `_generated/` and no `returns` validators, inferred through the public entry point. Each
 * breaking case changes the result's shape in handler code (or in the schema, for `Doc<…>`);
 * each control must infer the same contract, or differ only additively.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { inferReturnContracts } from "../../src/contracts/infer/index.ts";
import type { ValidatorJSON } from "../../src/meta.ts";
import { V } from "./virtual.ts";

/** A cold program (libs parsed, convex types checked) takes seconds on a busy 2-core runner. */
const TIMEOUT = 60_000;

const FIXTURES = fileURLToPath(new URL("../fixtures/infer/", import.meta.url));

async function infer(name: string, side: "before" | "after") {
  const result = await inferReturnContracts({ convexDir: join(FIXTURES, name, side, "convex") });
  expect(result.diagnostics).toEqual([]);
  return result.contracts;
}

const userId = V.id("users");
const postStatus = V.union(V.literal("draft"), V.literal("published"));
const postDoc = (fields: Record<string, ValidatorJSON>) =>
  V.object({ _creationTime: V.number, _id: V.id("posts"), ...fields });

/** [case, function, before, after]: shapes that an old client cannot read after the change. */
const BREAKING: [string, string, ValidatorJSON, ValidatorJSON][] = [
  [
    "field-renamed",
    "users:profile",
    V.object({ id: userId, name: V.string }),
    V.object({ id: userId, displayName: V.string }),
  ],
  [
    "field-removed",
    "users:profile",
    V.object({ id: userId, name: V.string, hasEmail: V.boolean }),
    V.object({ id: userId, name: V.string }),
  ],
  [
    "field-optional",
    "users:contact",
    V.object({ name: V.string, reach: V.string }),
    V.object({ name: V.string, "reach?": V.string }),
  ],
  [
    "field-nullable",
    "users:contact",
    V.object({ name: V.string, reach: V.string }),
    V.object({ name: V.string, reach: V.union(V.null, V.string) }),
  ],
  [
    "scalar-to-object",
    "posts:post",
    V.union(V.null, V.object({ title: V.string, author: V.string })),
    V.union(
      V.null,
      V.object({ title: V.string, author: V.object({ id: userId, name: V.string }) }),
    ),
  ],
  [
    "array-element-changed",
    "posts:words",
    V.array(V.string),
    V.array(V.object({ word: V.string, at: V.number })),
  ],
  [
    "union-member-added",
    "posts:state",
    V.union(V.literal("draft"), V.literal("missing"), V.literal("published")),
    V.union(V.literal("draft"), V.literal("empty"), V.literal("missing"), V.literal("published")),
  ],
  [
    // The query's code is identical on both sides: only schema.ts lost `body`.
    "doc-field-removed",
    "posts:recent",
    V.array(postDoc({ author: userId, title: V.string, body: V.string, status: postStatus })),
    V.array(postDoc({ author: userId, title: V.string, status: postStatus })),
  ],
];

// Every fixture must give these exact contracts.
describe("inference", () => {
  describe("breaking return-shape changes are visible in the inferred contract", {
    timeout: TIMEOUT,
  }, () => {
    for (const [name, fn, before, after] of BREAKING) {
      it(`${name}: ${fn}`, async () => {
        const b = await infer(name, "before");
        const a = await infer(name, "after");
        expect(b).toEqual({ [fn]: before });
        expect(a).toEqual({ [fn]: after });
      });
    }
  });

  describe("controls", { timeout: TIMEOUT }, () => {
    it("control-field-added: differs only by the added field", async () => {
      const b = await infer("control-field-added", "before");
      const a = await infer("control-field-added", "after");
      expect(b).toEqual({ "users:profile": V.object({ id: userId, name: V.string }) });
      const after = a["users:profile"];
      if (after?.type !== "object")
        throw new Error(`expected an object, got ${JSON.stringify(after)}`);
      const { joined, ...rest } = after.value;
      expect(joined).toEqual({ fieldType: V.number, optional: false });
      expect({ ...after, value: rest }).toEqual(b["users:profile"]);
    });

    it("control-local-refactor: same shape written another way infers the same contract", async () => {
      const b = await infer("control-local-refactor", "before");
      const a = await infer("control-local-refactor", "after");
      expect(b).toEqual({
        "posts:summary": V.union(
          V.null,
          V.object({ title: V.string, words: V.number, status: postStatus }),
        ),
      });
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    });

    it("control-helper-moved: a helper moved to lib/ infers the same contract (lib/ has no functions)", async () => {
      const b = await infer("control-helper-moved", "before");
      const a = await infer("control-helper-moved", "after");
      expect(b).toEqual({ "users:cards": V.array(V.object({ id: userId, label: V.string })) });
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    });
  });
});

describe("entry point", { timeout: TIMEOUT }, () => {
  it("reports its wall time", async () => {
    const r = await inferReturnContracts({
      convexDir: join(FIXTURES, "field-renamed", "before", "convex"),
    });
    expect(r.ms).toBeGreaterThan(0);
  });

  it("a missing convex folder is an input error naming it", async () => {
    await expect(inferReturnContracts({ convexDir: join(FIXTURES, "nope") })).rejects.toThrow(
      /Convex folder ".*nope" does not exist/,
    );
  });
});
