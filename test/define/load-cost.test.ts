/**
 * What defining a chain costs at module load, which Convex pays each time an isolate loads the
 * module: versions are compared in canonical form (`canonicalString`) only where a comparison can
 * fail, not for every version. `canonicalString` is wrapped to count its calls; it still runs.
 */
import { queryGeneric as query } from "convex/server";
import { v } from "convex/values";
import { beforeEach, expect, test, vi } from "vitest";
import * as canonical from "../../src/define/canonical.ts";
import { defineVersioned } from "../../src/index.ts";

vi.mock("../../src/define/canonical.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/define/canonical.ts")>();
  return { ...original, canonicalString: vi.fn(original.canonicalString) };
});
const calls = vi.mocked(canonical.canonicalString);

beforeEach(() => {
  calls.mockClear();
});

const item = v.object({ id: v.string(), title: v.string() });

test("a chain whose versions adapt with `up` and inherit `returns` compares nothing", () => {
  defineVersioned(query, { name: "get" })
    .version("2026-01-01", {
      name: "fetch",
      args: { key: v.string() },
      returns: v.union(item, v.null()),
    })
    .version("2026-06-01", { args: { id: v.string() }, up: (prev) => ({ id: prev.key }) })
    .handler(async () => null);
  expect(calls).not.toHaveBeenCalled();
});

test("a version without `up` has its args compared, one declaring `returns` without `down` its returns", () => {
  defineVersioned(query, { name: "list" })
    .version("2026-01-01", { name: "listAll", args: { key: v.string() }, returns: item })
    .version("2026-06-01", { args: { key: v.string() }, returns: item })
    .handler(async () => ({ id: "1", title: "t" }));
  // Each version's args once, both returns once.
  expect(calls).toHaveBeenCalledTimes(4);
});
