/**
 * Type → validator conversion, one case per TypeScript construct: what is handled, and what
 * degrades to `any` and why. All cases share one in-memory program (one export each), so the
 * suite costs one type-check.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ValidatorJSON } from "../../src/meta.ts";
import { inferVirtual, V, type VirtualResult } from "./virtual.ts";

const PREAMBLE = `
import { query } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";
import type { PaginationResult } from "convex/server";
declare function out<T>(): T;
interface Person { name: string; age?: number }
enum Color { Red = "red", Green = "green" }
enum Level { Low, High }
class Point { constructor(public x: number) {} }
type Tree = { value: number; children: Tree[] };
type Nest<N extends unknown[]> = N["length"] extends 20 ? string : { n: Nest<[...N, 0]> };
function wrap<T>(data: T) { return { data, at: 0 }; }
declare const tag: unique symbol;
`;

/** [reason/construct, TypeScript type, expected validator]. */
const HANDLED: [string, string, ValidatorJSON][] = [
  ["string", "string", V.string],
  ["number", "number", V.number],
  ["bigint", "bigint", V.bigint],
  ["boolean", "boolean", V.boolean],
  ["null", "null", V.null],
  ["string literal", '"ok"', V.literal("ok")],
  ["number literal", "42", V.literal(42)],
  ["boolean literal", "true", V.literal(true)],
  [
    "bigint literal: Convex's { $integer } encoding",
    "10n",
    V.literal({ $integer: "CgAAAAAAAAA=" }),
  ],
  ["true | false is boolean", "true | false", V.boolean],
  [
    // `Doc<"processes"> & { kind: K }` (seen on a public app): the variants whose tag conflicts
    // are impossible, not empty objects.
    "a union narrowed by an intersection keeps only the variants that can exist",
    '({ kind: "a"; x: string } | { kind: "b"; y: number }) & { kind: "a" }',
    V.object({ kind: V.literal("a"), x: V.string }),
  ],
  [
    "an empty array literal beside an array keeps the element type (`cond ? rows : []`)",
    "{ a: string }[] | never[]",
    V.array(V.object({ a: V.string })),
  ],
  ["the empty tuple beside an array adds nothing", "string[] | []", V.array(V.string)],
  [
    "an empty array in one member of a union of objects takes its siblings' element type there (`return { page: [] }` beside a page of rows)",
    "{ page: never[]; isDone: boolean } | { page: { a: string }[]; isDone: boolean }",
    V.object({ page: V.array(V.object({ a: V.string })), isDone: V.boolean }),
  ],
  [
    "…however deep the place, and whatever else the siblings hold there",
    "{ data: { items: never[]; n: 0 } } | { data: { items: string[] | null; n: number } } | null",
    V.union(
      V.null,
      V.object({ data: V.object({ items: V.array(V.string), n: V.literal(0) }) }),
      V.object({ data: V.object({ items: V.union(V.array(V.string), V.null), n: V.number }) }),
    ),
  ],
  ["literal union (members sorted)", '"b" | "a"', V.union(V.literal("a"), V.literal("b"))],
  ["string | number", "string | number", V.union(V.number, V.string)],
  [
    "nested unions flatten",
    '("a" | null) | (number | "a")',
    V.union(V.literal("a"), V.null, V.number),
  ],
  ["string | boolean keeps boolean whole", "string | boolean", V.union(V.boolean, V.string)],
  ["void: Convex returns null, recorded as void", "void", { type: "null", void: true }],
  ["undefined: Convex returns null, recorded as void", "undefined", { type: "null", void: true }],
  [
    "T | undefined at the top: undefined arrives as null",
    "string | undefined",
    V.union(V.null, V.string),
  ],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: this is TypeScript source, not a template
  ["template literal is a string", "`user:${string}`", V.string],
  ["string enum: union of its literals", "Color", V.union(V.literal("green"), V.literal("red"))],
  ["numeric enum: union of its literals", "Level", V.union(V.literal(0), V.literal(1))],
  [
    "object, optional property",
    "{ a: string; b?: number }",
    V.object({ a: V.string, "b?": V.number }),
  ],
  [
    "property typed T | undefined is optional",
    "{ a: string | undefined }",
    V.object({ "a?": V.string }),
  ],
  [
    "property always undefined never reaches the client",
    "{ a: undefined; b: null }",
    V.object({ b: V.null }),
  ],
  ["nullable property", "{ a: string | null }", V.object({ a: V.union(V.null, V.string) })],
  ["user interface is a plain object", "Person", V.object({ name: V.string, "age?": V.number })],
  [
    "intersection of objects merges fields",
    "{ a: string } & { b: number }",
    V.object({ a: V.string, b: V.number }),
  ],
  ["Partial<T>: mapped type", "Partial<{ a: string }>", V.object({ "a?": V.string })],
  ["array", "string[]", V.array(V.string)],
  ["readonly array", "readonly number[]", V.array(V.number)],
  ["array of objects", "Array<{ x: number }>", V.array(V.object({ x: V.number }))],
  [
    "tuple: array of the union of its elements",
    "[string, number, string]",
    V.array(V.union(V.number, V.string)),
  ],
  ["Record<string, T>: record", "Record<string, number>", V.record(V.string, V.number)],
  ["index signature: record", "{ [key: string]: boolean }", V.record(V.string, V.boolean)],
  [
    "Record over literal keys: object",
    'Record<"a" | "b", number>',
    V.object({ a: V.number, b: V.number }),
  ],
  [
    "Record keyed by Id: record with id keys",
    'Record<Id<"users">, number>',
    V.record(V.id("users"), V.number),
  ],
  ["Id<table>: id (brand detected)", 'Id<"users">', V.id("users")],
  ["Id of a system table", 'Id<"_storage">', V.id("_storage")],
  ["other string brands are plain strings", 'string & { __brand: "Email" }', V.string],
  ["ArrayBuffer: bytes", "ArrayBuffer", V.bytes],
  [
    "Doc<table>: schema fields plus _id and _creationTime",
    'Doc<"users">',
    V.object({
      _creationTime: V.number,
      _id: V.id("users"),
      "email?": V.string,
      name: V.string,
      role: V.union(V.literal("admin"), V.literal("member")),
    }),
  ],
  [
    "Doc | null",
    'Doc<"posts"> | null',
    V.union(
      V.null,
      V.object({
        _creationTime: V.number,
        _id: V.id("posts"),
        author: V.id("users"),
        tags: V.array(V.string),
        title: V.string,
      }),
    ),
  ],
  [
    "Pick of a Doc",
    'Pick<Doc<"users">, "_id" | "name">',
    V.object({ _id: V.id("users"), name: V.string }),
  ],
  [
    "PaginationResult from convex/server (paginate)",
    'PaginationResult<Pick<Doc<"posts">, "title">>',
    V.object({
      continueCursor: V.string,
      isDone: V.boolean,
      page: V.array(V.object({ title: V.string })),
      "pageStatus?": V.union(V.literal("SplitRecommended"), V.literal("SplitRequired"), V.null),
      "splitCursor?": V.union(V.null, V.string),
    }),
  ],
  [
    "generic helper instantiated at the call",
    'ReturnType<typeof wrap<Id<"posts">>>',
    V.object({ at: V.number, data: V.id("posts") }),
  ],
  [
    "symbol-keyed properties never reach the wire",
    "{ a: string; [Symbol.iterator]: () => Iterator<number>; [tag]: number }",
    V.object({ a: V.string }),
  ],
];

/** [construct, TypeScript type, expected (with `any` where it degrades), reason in the diagnostic]. */
const DEGRADED: [string, string, ValidatorJSON, string][] = [
  ["any: nothing to check against", "any", V.any, "type is `any`"],
  ["unknown: nothing to check against", "unknown", V.any, "type is `unknown`"],
  [
    "never: the function never returns",
    "never",
    V.any,
    "type is `never` (the function never returns normally?)",
  ],
  [
    "never[]: only `return []`, no element type",
    "never[]",
    V.array(V.any),
    "returns[] inferred as any: type is `never` (only an empty array `[]` is returned here",
  ],
  [
    "an empty array whose siblings name no element type there stays unnamed",
    "{ page: never[] } | { page: null } | null",
    V.union(V.null, V.object({ page: V.array(V.any) }), V.object({ page: V.null })),
    "returns.page[] inferred as any: type is `never` (only an empty array `[]` is returned here",
  ],
  ["Date is not a Convex value", "Date", V.any, "`Date` is not a Convex value"],
  ["Map is not a Convex value", "Map<string, number>", V.any, "`Map` is not a Convex value"],
  ["Set is not a Convex value", "Set<string>", V.any, "`Set` is not a Convex value"],
  [
    "typed arrays are not Convex values (only ArrayBuffer)",
    "Uint8Array",
    V.any,
    "`Uint8Array` is not a Convex value",
  ],
  ["class instances are not plain objects", "Point", V.any, "instances of class `Point`"],
  [
    "functions are not Convex values",
    "{ ok: boolean; run: () => void }",
    V.object({ ok: V.boolean, run: V.any }),
    "returns.run inferred as any: functions",
  ],
  ["symbols are not Convex values", "symbol", V.any, "symbols are not Convex values"],
  ["object (non-primitive) says nothing about fields", "object", V.any, "`object` says nothing"],
  [
    "recursive type degrades at the cycle",
    "Tree",
    V.object({ value: V.number, children: V.array(V.any) }),
    "returns.children[] inferred as any: recursive type",
  ],
  [
    "undefined inside an array would throw in Convex",
    "undefined[]",
    V.array(V.any),
    "`undefined` is not a Convex value here",
  ],
  ["empty tuple: no element type", "[]", V.any, "empty tuple"],
  ["a union with any is any", "string | any", V.any, "type is `any`"],
];

const DEEP = `{ a: ${"{ a: ".repeat(20)}string${" }".repeat(20)} }`;

const cases = [...HANDLED, ...DEGRADED];

describe("inference", () => {
  let result: VirtualResult;

  beforeAll(() => {
    const body = cases
      .map(
        ([, type], i) =>
          `export const c${i} = query({ args: {}, handler: async () => out<${type}>() });`,
      )
      .concat(`export const deep = query({ args: {}, handler: async () => out<${DEEP}>() });`)
      .join("\n");
    result = inferVirtual({ "cases.ts": `${PREAMBLE}\n${body}` });
  }, 60_000); // one cold program: seconds on a busy 2-core runner

  describe("handled constructs", () => {
    HANDLED.forEach(([name, type, expected], i) => {
      it(`${name}: ${type}`, () => {
        expect(result.contracts[`cases:c${i}`]).toEqual(expected);
        expect(result.diagnostics.filter((d) => d.startsWith(`cases:c${i}:`))).toEqual([]);
      });
    });
  });

  describe("degraded to any, with the reason in the diagnostics", () => {
    DEGRADED.forEach(([name, type, expected, reason], j) => {
      const i = HANDLED.length + j;
      it(`${name}: ${type}`, () => {
        expect(result.contracts[`cases:c${i}`]).toEqual(expected);
        const mine = result.diagnostics.filter((d) => d.startsWith(`cases:c${i}:`));
        expect(
          mine.some((d) => d.includes(reason)),
          mine.join("\n"),
        ).toBe(true);
      });
    });

    it("nesting beyond the depth limit degrades at the limit, not before", () => {
      let v = result.contracts["cases:deep"];
      let levels = 0;
      while (v?.type === "object") {
        v = v.value.a?.fieldType;
        levels++;
      }
      expect(v).toEqual(V.any);
      expect(levels).toBe(17);
      expect(
        result.diagnostics.some((d) => d.startsWith("cases:deep:") && d.includes("deeper than 16")),
      ).toBe(true);
    });
  });
});

describe("real handlers that mix a query with an empty array", () => {
  it("`cond ? ctx.db.query(…).collect() : []` keeps the documents' fields (a later removal is seen)", () => {
    const { contracts, diagnostics } = inferVirtual({
      "mixed.ts": `
      import { v } from "convex/values";
      import { query } from "./_generated/server";
      export const posts = query({
        args: { all: v.boolean() },
        handler: async (ctx, { all }) => (all ? await ctx.db.query("posts").collect() : []),
      });
      export const flags = query({
        args: {},
        handler: async () => {
          if (Math.random() > 0.5) return false;
          return true;
        },
      });`,
    });
    expect(diagnostics).toEqual([]);
    const posts = contracts["mixed:posts"];
    expect(posts?.type).toBe("array");
    const element = posts?.type === "array" ? posts.value : undefined;
    expect(element?.type).toBe("object");
    expect(Object.keys(element?.type === "object" ? element.value : {}).sort()).toEqual([
      "_creationTime",
      "_id",
      "author",
      "tags",
      "title",
    ]);
    expect(contracts["mixed:flags"]).toEqual(V.boolean);
  }, 120_000);

  it("an early `return { page: [], … }` beside `.paginate()` keeps the page's documents", () => {
    const { contracts, diagnostics } = inferVirtual({
      "paged.ts": `
      import { v } from "convex/values";
      import { paginationOptsValidator } from "convex/server";
      import { query } from "./_generated/server";
      const emptyPage = () => ({ page: [], isDone: true, continueCursor: "" });
      export const list = query({
        args: { signedIn: v.boolean(), paginationOpts: paginationOptsValidator },
        handler: async (ctx, { signedIn, paginationOpts }) => {
          if (!signedIn) return emptyPage();
          return await ctx.db.query("posts").paginate(paginationOpts);
        },
      });`,
    });
    expect(diagnostics).toEqual([]);
    const list = contracts["paged:list"];
    const members = list?.type === "union" ? list.value : [];
    expect(members).toHaveLength(2);
    const pages = members.map((m) => (m.type === "object" ? m.value.page?.fieldType : undefined));
    expect(pages[0]?.type).toBe("array");
    expect(pages[0]).toEqual(pages[1]);
    const element = pages[0]?.type === "array" ? pages[0].value : undefined;
    expect(Object.keys(element?.type === "object" ? element.value : {})).toContain("title");
  }, 120_000);
});

describe("void results", () => {
  it("a handler that returns nothing is recorded as void, apart from a deliberate null", () => {
    const { contracts } = inferVirtual({
      "jobs.ts": `
      import { mutation } from "./_generated/server";
      export const run = mutation({ args: {}, handler: async (ctx) => { await ctx.db.query("users").first(); } });
      export const bare = mutation({ args: {}, handler: () => {} });
      export const nothing = mutation({ args: {}, handler: async () => null });
      export const maybe = mutation({ args: {}, handler: async () => (Math.random() > 0.5 ? "x" : undefined) });`,
    });
    expect(contracts["jobs:run"]).toEqual({ type: "null", void: true });
    expect(contracts["jobs:bare"]).toEqual({ type: "null", void: true });
    expect(contracts["jobs:nothing"]).toEqual(V.null);
    expect(contracts["jobs:maybe"]).toEqual(V.union(V.literal("x"), V.null));
  }, 120_000);
});
