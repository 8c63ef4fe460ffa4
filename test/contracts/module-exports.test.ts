/**
 * module-exports.ts reads each registered function as the backend's analyzer does. Its specs are
 * made as text, the validators' own JSON spliced in: parsed, they are exactly what
 * `exportArgs()`/`exportReturns()` print.
 */

import {
  actionGeneric,
  httpActionGeneric,
  internalMutationGeneric,
  queryGeneric,
} from "convex/server";
import { v } from "convex/values";
import { describe, expect, it, vi } from "vitest";
import { functionMembersOfModule, functionsOfModule } from "../../src/contracts/module-exports.ts";
import { defineVersioned } from "../../src/index.ts";
import type { VersionedExportMeta } from "../../src/meta.ts";
import type { FunctionSpec } from "../../src/model.ts";

const item = v.object({ id: v.id("items"), tags: v.array(v.string()), n: v.optional(v.number()) });
const namespace: Record<string, unknown> = {
  get: queryGeneric({
    args: { id: v.id("items") },
    returns: v.union(item, v.null()),
    handler: async () => null,
  }),
  noArgs: queryGeneric({ handler: async () => 1 }),
  write: internalMutationGeneric({ args: { items: v.array(item) }, handler: async () => {} }),
  act: actionGeneric({ args: {}, returns: v.literal(-1), handler: async () => -1 as const }),
  http: httpActionGeneric(async () => new Response()),
  constant: 3,
  nothing: null,
  ...defineVersioned(queryGeneric, { name: "find" })
    .version("2026-01-01", { name: "lookup", args: { key: v.string() }, returns: item })
    .version("2026-06-01", { args: { id: v.string() }, up: (prev) => ({ id: prev.key }) })
    .handler(async () => ({ id: "x" as never, tags: [] })),
};

describe("functionsOfModule", () => {
  const specs = functionsOfModule("items", namespace);

  it("lists the registered functions by identifier, in export-name order, skipping the rest", () => {
    expect(Object.keys(specs)).toEqual([
      "items:act",
      "items:find",
      "items:get",
      "items:lookup",
      "items:noArgs",
      "items:write",
    ]);
    expect(functionMembersOfModule("items", namespace)).toHaveLength(6);
  });

  it("holds each validator exactly as exportArgs()/exportReturns() print it; no args read as any, no returns as null", () => {
    for (const [id, spec] of Object.entries(specs)) {
      const fn = namespace[id.slice("items:".length)] as {
        exportArgs(): string;
        exportReturns(): string;
      };
      const args = JSON.parse(fn.exportArgs());
      expect(spec.args).toEqual(args ?? { type: "any" });
      expect(spec.returns).toEqual(JSON.parse(fn.exportReturns()));
    }
    expect(specs["items:noArgs"]!.args).toEqual({ type: "any" });
    expect(specs["items:write"]!.returns).toBeNull();
    expect(specs["items:act"]!.returns).toEqual({ type: "literal", value: -1 });
  });

  it("records kind, visibility and the defineVersioned metadata", () => {
    expect(specs["items:write"]).toMatchObject({ kind: "mutation", visibility: "internal" });
    expect(specs["items:act"]).toMatchObject({ kind: "action", visibility: "public" });
    expect(specs["items:get"]!.versioned).toBeUndefined();
    expect(specs["items:lookup"]!.versioned).toMatchObject({
      definition: "find",
      current: "2026-06-01",
    });
    expect(Object.keys(specs["items:find"]!)).toEqual([
      "kind",
      "visibility",
      "args",
      "returns",
      "versioned",
    ]);
  });

  it("prints a chain's versions once for all its exports, as JSON.stringify of the metadata would", () => {
    const chain = defineVersioned(queryGeneric, { name: "get" })
      .version("2026-01-01", { name: "getV1", args: { key: v.string() }, returns: v.string() })
      .version("2026-03-01", {
        name: "getV2",
        args: { id: v.string() },
        up: (p) => ({ id: p.key }),
      })
      .version("2026-06-01", {
        args: { id: v.string(), n: v.number() },
        up: (p) => ({ ...p, n: 1 }),
      })
      .handler(async () => "x");
    const meta = (fn: unknown) =>
      (fn as Record<symbol, VersionedExportMeta>)[Symbol.for("convex-versioned")]!;
    const { versions } = meta(chain.get);
    const stringify = vi.spyOn(JSON, "stringify");
    try {
      const members = functionMembersOfModule("chain", chain);
      expect(stringify.mock.calls.filter(([value]) => value === versions)).toHaveLength(1);
      const specs = JSON.parse(`{${members.join(",")}}`) as Record<string, FunctionSpec>;
      for (const name of ["get", "getV1", "getV2"] as const) {
        const { definition, current, serves } = meta(chain[name]);
        expect(JSON.stringify(specs[`chain:${name}`]!.versioned)).toBe(
          JSON.stringify({ definition, current, serves, versions }),
        );
      }
    } finally {
      stringify.mockRestore();
    }
  });

  it("names the function whose validator export does not print JSON", () => {
    const fake = { q: { isQuery: true, exportArgs: () => "", exportReturns: () => "null" } };
    expect(() => functionsOfModule("m", fake)).toThrow(
      "m:q: exportArgs() did not return JSON (got ).",
    );
    const returns = {
      q: {
        isQuery: true,
        exportArgs: () => "{}",
        exportReturns: () => undefined as unknown as string,
      },
    };
    expect(functionsOfModule("m", returns)["m:q"]!.returns).toBeNull();
  });
});
