/**
 * Which exports get a contract, and under which identifier: registered functions of every kind
 * and builder (plain, convex-helpers custom, defineVersioned), never declared-returns functions,
 * HTTP actions, helpers or types.
 */
import { describe, expect, it } from "vitest";
import { inferVirtual, V } from "./virtual.ts";

/** A cold program (libs parsed, convex types checked) takes seconds on a busy 2-core runner. */
const TIMEOUT = 60_000;

describe("export walk", { timeout: TIMEOUT }, () => {
  const { contracts, diagnostics } = inferVirtual({
    "kinds.ts": `
      import { v } from "convex/values";
      import { action, internalQuery, mutation, query, httpAction } from "./_generated/server";
      export const q = query({ args: {}, handler: async () => ({ a: 1 }) });
      export const m = mutation({ args: { x: v.string() }, handler: async (_ctx, { x }) => x });
      export const a = action(async () => 5n);
      export const internal = internalQuery({ handler: () => null });
      // A declared validator is the contract: nothing to infer.
      export const declared = query({ args: {}, returns: v.string(), handler: async () => "x" });
      export const http = httpAction(async () => new Response("ok"));
      export function helper() { return 1; }
      export const constant = { isConvexFunction: false };
      export type Shape = { a: number };
      export default query({ args: {}, handler: async () => ["x"] });`,
    "nested/reexport.ts": `export { q as again } from "../kinds";`,
    "custom.ts": `
      import { customCtx, customQuery } from "convex-helpers/server/customFunctions";
      import { query } from "./_generated/server";
      const userQuery = customQuery(query, customCtx(async () => ({ user: "u" })));
      export const me = userQuery({ args: {}, handler: async (ctx) => ({ name: ctx.user }) });`,
    "zod.ts": `
      import { NoOp } from "convex-helpers/server/customFunctions";
      import { zCustomQuery } from "convex-helpers/server/zod4";
      import { z } from "zod";
      import { query } from "./_generated/server";
      const zQuery = zCustomQuery(query, NoOp);
      export const count = zQuery({ args: { n: z.number() }, handler: async (_ctx, { n }) => ({ n, even: n % 2 === 0 }) });`,
    "versioned.ts": `
      import { v } from "convex/values";
      import { defineVersioned } from "convex-versioned";
      import { query } from "./_generated/server";
      export const { feed } = defineVersioned(query, { name: "feed" })
        .version("2026-01-01", { args: { n: v.number() } })
        .handler(async (_ctx, { n }) => ({ items: [n], more: false }));`,
    "loose.ts": `
      import { query } from "./_generated/server";
      declare const next: any;
      export const status = query({
        args: {},
        handler: async () =>
          Math.random() > 0.5 ? { done: true as const, next } : { done: false as const, next },
      });`,
    "json.ts": `
      import { query } from "./_generated/server";
      type Json = string | number | null | Json[] | { [key: string]: Json };
      declare const meta: Json;
      export const read = query({ args: {}, handler: async (): Promise<{ meta?: Json }> => ({ meta }) });`,
    "sdk.ts": `
      import { query } from "./_generated/server";
      // An SDK's field typed as an object type over a string: every String method degrades.
      export const call = query({ args: {}, handler: async () => ({ s: "b" as Omit<"a" | "b", "a">, u: 1 as unknown }) });`,
    "opaque.ts": `
      import { query } from "./_generated/server";
      const base = query({ args: {}, handler: async () => 1 });
      // An intersection drops Convex's alias: Returns is gone from the type.
      export const tagged = base as typeof base & { meta: 1 };`,
  });

  it("infers query, mutation, action and internal functions", () => {
    expect(contracts["kinds:q"]).toEqual(V.object({ a: V.number }));
    expect(contracts["kinds:m"]).toEqual(V.string);
    expect(contracts["kinds:a"]).toEqual(V.bigint);
    expect(contracts["kinds:internal"]).toEqual(V.null);
  });

  it("keys the default export as module:default", () => {
    expect(contracts["kinds:default"]).toEqual(V.array(V.string));
  });

  it("skips declared returns, HTTP actions, helpers, constants and types", () => {
    for (const name of ["declared", "http", "helper", "constant", "Shape"]) {
      expect(contracts).not.toHaveProperty(`kinds:${name}`);
    }
  });

  it("follows re-exports and names nested modules with their folder", () => {
    expect(contracts["nested/reexport:again"]).toEqual(V.object({ a: V.number }));
  });

  it("reads convex-helpers custom builders (Registration resolves to Registered*)", () => {
    expect(contracts["custom:me"]).toEqual(V.object({ name: V.string }));
  });

  it("reads convex-helpers zod builders", () => {
    expect(contracts["zod:count"]).toEqual(V.object({ n: V.number, even: V.boolean }));
  });

  it("reads defineVersioned exports (typed as the builder's registered type)", () => {
    expect(contracts["versioned:feed"]).toEqual(
      V.object({ items: V.array(V.number), more: V.boolean }),
    );
  });

  it("an export whose type lost the Registered alias is any, with a diagnostic naming the fix", () => {
    expect(contracts["opaque:tagged"]).toEqual(V.any);
    expect(diagnostics.find((d) => d.startsWith("opaque:tagged:"))).toMatch(/declare `returns`/);
  });

  it("a place that degrades in several union members is one diagnostic", () => {
    expect(diagnostics.filter((d) => d.startsWith("loose:status:"))).toEqual([
      "loose:status: returns.next inferred as any: type is `any`",
    ]);
  });

  it("a function that degrades in several places is one line, as the docs promise", () => {
    // A recursive JSON type degrades at each place it recurses (`meta[]`, `meta{}`, …).
    const lines = diagnostics.filter((d) => d.startsWith("json:read:"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^json:read: returns\.meta\S*(, returns\.meta\S*)+ inferred as any: recursive type$/,
    );
  });

  it("…and short, whatever the reasons: the first places, then a count", () => {
    const lines = diagnostics.filter((d) => d.startsWith("sdk:call:"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/; and \d+ more places$/);
    expect(lines[0]!.length).toBeLessThan(500);
  });

  it("with `functions`, infers exactly those, declared returns or not", () => {
    const only = inferVirtual(
      {
        "kinds.ts": `
          import { v } from "convex/values";
          import { query } from "./_generated/server";
          export const declared = query({ args: {}, returns: v.string(), handler: async () => "x" });
          export const other = query({ args: {}, handler: async () => 1 });`,
      },
      ["kinds:declared"],
    );
    expect(only.contracts).toEqual({ "kinds:declared": V.string });
    expect(only.diagnostics).toEqual([]);
  });

  it("with `functions`, a name TypeScript cannot find or type is a diagnostic, not a silent gap", () => {
    const missing = inferVirtual(
      {
        "kinds.ts": `import { v } from "convex/values";
import { query } from "./_generated/server";
export const q = query(async () => 1);
// What TypeScript makes of a registration it gives up on (TS2589 in large apps): the handler
// written in the call still says what it returns.
export const untyped: any = query({ args: { n: v.number() }, handler: async (_ctx, { n }) => ({ n }) });
export const method: any = query({ args: {}, async handler() { return "m"; } });
export const positional: any = query(async () => [true]);
declare function make(): any;
export const unknowable: any = make();`,
      },
      [
        "kinds:q",
        "kinds:gone",
        "kinds:untyped",
        "kinds:method",
        "kinds:positional",
        "kinds:unknowable",
      ],
    );
    expect(missing.contracts).toEqual({
      "kinds:q": V.number,
      "kinds:untyped": V.object({ n: V.number }),
      "kinds:method": V.string,
      "kinds:positional": V.array(V.boolean),
    });
    expect(missing.diagnostics).toEqual([
      "kinds:unknowable: its type is `any` to TypeScript (a type error where it is built? in large apps often TS2589, instantiation excessively deep); no contract inferred: declare `returns`.",
      "kinds:gone: not a registered function TypeScript can see; no contract inferred.",
    ]);
  });
});
