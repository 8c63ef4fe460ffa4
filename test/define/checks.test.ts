/**
 * Definition-time checks: a malformed chain throws at module load, naming the definition and label.
 * Built with Convex's real builders (`mutationGeneric` is what `_generated/server` re-exports).
 */
import { mutationGeneric as mutation, queryGeneric as query } from "convex/server";
import { v } from "convex/values";
import { describe, expect, test } from "vitest";
import * as z from "zod/v4";
import { defineVersioned, VersionedDefinitionError } from "../../src/index.ts";

const ok = { args: { a: v.string() } };

function expectDefinitionError(build: () => unknown, message: string) {
  let error: unknown;
  try {
    build();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(VersionedDefinitionError);
  expect((error as Error).message).toBe(message);
}

describe("definition-time checks", () => {
  test("invalid definition name", () => {
    expectDefinitionError(
      () => defineVersioned(mutation, { name: "send-message" }),
      'defineVersioned("send-message"): the definition name "send-message" is not a valid Convex export name (letters, digits and _, not starting with a digit, at most 64 characters).',
    );
  });

  test("invalid label", () => {
    expectDefinitionError(
      () =>
        defineVersioned(mutation, { name: "f" })
          .version("", ok)
          .handler(async () => null),
      'defineVersioned("f") version "": the label must be a non-empty string of letters, digits and . _ : + - (ISO dates like 2026-06-01 are recommended).',
    );
  });

  test("duplicate label", () => {
    expectDefinitionError(
      () =>
        defineVersioned(mutation, { name: "f" })
          .version("v1", ok)
          .version("v1", { ...ok, name: "g" })
          .handler(async () => null),
      'defineVersioned("f") version "v1": this label is already used by an earlier version; labels must be unique.',
    );
  });

  test.each([
    [{ since: "2026-13-01" }, 'deprecated.since "2026-13-01" is not a YYYY-MM-DD date.'],
    [{ since: "2026-02-30" }, 'deprecated.since "2026-02-30" is not a YYYY-MM-DD date.'],
    [
      { since: "2026-06-01", removeAfter: "soon" },
      'deprecated.removeAfter "soon" is not a YYYY-MM-DD date.',
    ],
    [
      { since: "2026-06-01", removeAfter: "2026-05-31" },
      "deprecated.removeAfter (2026-05-31) is before deprecated.since (2026-06-01).",
    ],
  ])("bad dates: %j", (deprecated, problem) => {
    expectDefinitionError(
      () =>
        defineVersioned(mutation, { name: "f" })
          .version("v1", { ...ok, name: "old", deprecated })
          .version("v2", ok)
          .handler(async () => null),
      `defineVersioned("f") version "v1": ${problem}`,
    );
  });

  test("bad tombstone date", () => {
    expectDefinitionError(
      () =>
        defineVersioned(mutation, { name: "f" })
          .version("v0", { name: "old", removed: { since: "yesterday" } })
          .version("v1", ok)
          .handler(async () => null),
      'defineVersioned("f") version "v0": removed.since "yesterday" is not a YYYY-MM-DD date.',
    );
  });

  test.each(["1abc", "has space", "a".repeat(65), "dash-ed"])("invalid export name %j", (name) => {
    expectDefinitionError(
      () =>
        defineVersioned(mutation, { name: "f" })
          .version("v1", { ...ok, name })
          .handler(async () => null),
      `defineVersioned("f") version "v1": the export name ${JSON.stringify(name)} is not a valid Convex export name (letters, digits and _, not starting with a digit, at most 64 characters).`,
    );
  });

  test("`up` missing where args differ", () => {
    expectDefinitionError(
      () =>
        (defineVersioned(mutation, { name: "f" }) as any)
          .version("v1", { ...ok, name: "old" })
          .version("v2", { args: { b: v.string() } })
          .handler(async () => null),
      'defineVersioned("f") version "v2": its args differ from version "v1", so it needs `up: (prev, ctx) => …` mapping "v1" args to this version\'s.',
    );
  });

  test("`down` missing where returns differ", () => {
    expectDefinitionError(
      () =>
        (defineVersioned(mutation, { name: "f" }) as any)
          .version("v1", { ...ok, name: "old", returns: v.string() })
          .version("v2", { ...ok, returns: v.number() })
          .handler(async () => 1),
      'defineVersioned("f") version "v2": its returns differ from version "v1", so it needs `down: (result, ctx) => …` mapping this version\'s result to "v1"\'s.',
    );
  });

  test("`up` on the first version has nothing to adapt from", () => {
    expectDefinitionError(
      () =>
        (defineVersioned(mutation, { name: "f" }) as any)
          .version("v1", { ...ok, up: (x: any) => x })
          .handler(async () => null),
      'defineVersioned("f") version "v1": the first served version has no previous version for `up` to adapt from.',
    );
  });

  test("two versions that would produce clashing exports (same name, same args)", () => {
    expectDefinitionError(
      () =>
        defineVersioned(mutation, { name: "f" })
          .version("v1", { ...ok, returns: v.string() })
          .version("v2", { ...ok, returns: v.number(), down: String })
          .handler(async () => 1),
      'defineVersioned("f") version "v2": it has the same export name ("f") and the same args as version "v1", so calls could never reach "v1". Give one of them another `name`.',
    );
  });

  test("a removed version sharing an export name needs args to be told apart", () => {
    expectDefinitionError(
      () =>
        defineVersioned(mutation, { name: "f" })
          .version("v0", { removed: { since: "2026-01-01" } })
          .version("v1", ok)
          .handler(async () => null),
      'defineVersioned("f") version "v0": it is removed and shares the export "f" with other versions, so it needs `args` (the shape old clients sent) to tell its calls apart; or give it its own `name`.',
    );
  });

  test("removed versions must come first", () => {
    expectDefinitionError(
      () =>
        (defineVersioned(mutation, { name: "f" }).version("v1", { ...ok, name: "a" }) as any)
          .version("v2", { name: "b", removed: { since: "2026-01-01" } })
          .version("v3", { ...ok, up: (x: any) => x })
          .handler(async () => null),
      'defineVersioned("f") version "v2": removed versions must come before every served version: the chain adapts old calls up to the current handler, and a removed version in the middle (or at the end) would break it.',
    );
  });

  test("top-level union args are rejected with the backend's reason", () => {
    expectDefinitionError(
      () =>
        (defineVersioned(query, { name: "f" }) as any)
          .version("v1", {
            args: v.union(v.object({ a: v.string() }), v.object({ b: v.string() })) as any,
          })
          .handler(async () => null),
      'defineVersioned("f") version "v1": `args` must be an object of validators or v.object(...), got v.union(). Convex rejects top-level union args; declare each shape as its own version instead.',
    );
  });

  test("an undefined validator (circular import) is named", () => {
    expectDefinitionError(
      () =>
        defineVersioned(query, { name: "f" })
          .version("v1", { args: { a: undefined as any } })
          .handler(async () => null),
      'defineVersioned("f") version "v1": `args.a` is not a Convex validator (got undefined). A circular import often leaves a validator undefined at module load.',
    );
  });

  test("zod schemas given to the Convex-validator entry point name the right import", () => {
    expectDefinitionError(
      () =>
        (defineVersioned(query, { name: "f" }) as any)
          .version("v1", { args: { email: z.string() } })
          .handler(async () => null),
      'defineVersioned("f") version "v1": `args.email` is a zod schema. For zod builders, import defineVersioned from "convex-versioned/zod" instead of "convex-versioned".',
    );
  });

  test("unknown option", () => {
    expectDefinitionError(
      () =>
        (defineVersioned(query, { name: "f" }) as any)
          .version("v1", { ...ok, deprecate: { since: "2026-01-01" } })
          .handler(async () => null),
      'defineVersioned("f") version "v1": unknown option `deprecate` (expected name, args, returns, up, down, deprecated, removed).',
    );
  });

  test("a builder that is not a function", () => {
    expectDefinitionError(
      () =>
        defineVersioned({} as any, { name: "f" })
          .version("v1", ok)
          .handler(async () => null),
      'defineVersioned("f"): the first argument must be a Convex function builder (query, mutation, action, an internal variant, or a convex-helpers custom builder).',
    );
  });

  test("a valid chain builds", () => {
    const exports = defineVersioned(mutation, { name: "f" })
      .version("2026-01-01", {
        name: "old",
        args: { a: v.string() },
        deprecated: { since: "2026-02-01" },
      })
      .version("2026-02-01", { args: { b: v.string() }, up: ({ a }) => ({ b: a }) })
      .handler(async () => null);
    expect(Object.keys(exports).sort()).toEqual(["f", "old"]);
  });
});
