/**
 * Type tests (checked by `tsc` in `npm test`; vitest runs them as no-ops): `api` entries keep exact args
 * and returns, adapters are checked against both versions, custom-builder args are preserved.
 */
import type {
  ApiFromModules,
  FunctionArgs,
  FunctionReference,
  FunctionReturnType,
  RegisteredMutation,
  RegisteredQuery,
} from "convex/server";
import { v } from "convex/values";
import { customMutation, NoOp } from "convex-helpers/server/customFunctions";
import { zCustomMutation } from "convex-helpers/server/zod4";
import { describe, expectTypeOf, test } from "vitest";
import * as z from "zod/v4";
import type { api, internal } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { internalQuery, mutation, query } from "../../convex/_generated/server";
import type { UnsetMarker } from "../../src/define/types.ts";
import { defineVersioned } from "../../src/index.ts";
import { defineVersioned as defineZodVersioned, type ZodVersionOptions } from "../../src/zod.ts";

describe("api entries are exact", () => {
  test("renamed export: the old version's args and returns", () => {
    expectTypeOf<FunctionArgs<typeof api.messages.send>>().toEqualTypeOf<{
      body: string;
      author: string;
    }>();
    expectTypeOf<FunctionReturnType<typeof api.messages.send>>().toEqualTypeOf<Id<"messages">>();
  });

  test("shared export name: the newest version's args and returns", () => {
    expectTypeOf<FunctionArgs<typeof api.messages.sendMessage>>().toEqualTypeOf<{
      channelId: Id<"channels">;
      text: string;
      author: string;
      format: "plain" | "markdown";
    }>();
    expectTypeOf<FunctionReturnType<typeof api.messages.sendMessage>>().toEqualTypeOf<{
      id: Id<"messages">;
      createdAt: number;
      format: "plain" | "markdown";
    }>();
    expectTypeOf<FunctionArgs<typeof api.messages.list>>().toEqualTypeOf<{
      channelId: Id<"channels">;
      limit: number;
    }>();
  });

  test("returns inferred from the handler when no version declares them", () => {
    expectTypeOf<FunctionReturnType<typeof api.messages.list>>().toEqualTypeOf<
      { text: string; author: string }[]
    >();
  });

  test("internal exports stay internal, actions stay actions", () => {
    expectTypeOf<FunctionArgs<typeof internal.summaries.countWords>>().toEqualTypeOf<{
      channelId: Id<"channels">;
    }>();
    expectTypeOf<
      FunctionReturnType<typeof internal.summaries.countWords>
    >().toEqualTypeOf<number>();
    // internal functions are not on `api`: only the public action is
    expectTypeOf<keyof typeof api.summaries>().toEqualTypeOf<"summarize">();
    expectTypeOf<FunctionReturnType<typeof api.summaries.summarize>>().toEqualTypeOf<{
      summary: string;
      words: number;
    }>();
  });

  test("custom-builder args are preserved on every export", () => {
    expectTypeOf<FunctionArgs<typeof api.profiles.setName>>().toEqualTypeOf<{
      name: string;
      token: string;
    }>();
    expectTypeOf<FunctionArgs<typeof api.profiles.updateProfile>>().toEqualTypeOf<{
      displayName: string;
      token: string;
    }>();
    expectTypeOf<FunctionReturnType<typeof api.profiles.setName>>().toEqualTypeOf<null>();
  });

  test("zod: clients send the input type (defaults optional), receive the output type", () => {
    expectTypeOf<FunctionArgs<typeof api.newsletter.subscribe>>().toEqualTypeOf<{
      email: string;
      topics: string[];
      frequency?: "daily" | "weekly" | undefined;
    }>();
    expectTypeOf<FunctionReturnType<typeof api.newsletter.subscribe>>().toEqualTypeOf<{
      id: string;
      topics: string[];
    }>();
  });

  test("exports are exactly the builder's registered types (never an intersection)", () => {
    const exports = defineVersioned(query, { name: "q" })
      .version("1", { name: "old", args: { a: v.string() } })
      .version("2", { args: { a: v.string(), b: v.number() }, up: (p) => ({ ...p, b: 0 }) })
      .handler(async (_ctx, { a, b }) => `${a}${b}`);
    expectTypeOf(exports.q).toEqualTypeOf<
      RegisteredQuery<"public", { a: string; b: number }, string>
    >();
    expectTypeOf(exports.old).toEqualTypeOf<RegisteredQuery<"public", { a: string }, string>>();
    const internalExports = defineVersioned(internalQuery, { name: "iq" })
      .version("1", { args: {} })
      .handler(async () => 1);
    expectTypeOf(internalExports.iq).toEqualTypeOf<RegisteredQuery<"internal", {}, number>>();
    // Registered types carry args and returns as alias arguments only, which toEqualTypeOf does not
    // tell apart: read them as codegen's `api` does.
    type Api = ApiFromModules<{ m: typeof exports; i: typeof internalExports }>;
    expectTypeOf<FunctionArgs<Api["m"]["q"]>>().toEqualTypeOf<{ a: string; b: number }>();
    expectTypeOf<FunctionArgs<Api["m"]["old"]>>().toEqualTypeOf<{ a: string }>();
    expectTypeOf<FunctionReturnType<Api["m"]["old"]>>().toEqualTypeOf<string>();
    expectTypeOf<FunctionReturnType<Api["i"]["iq"]>>().toEqualTypeOf<number>();
    expectTypeOf<Api["i"]["iq"]>().toEqualTypeOf<
      FunctionReference<"query", "internal", {}, number>
    >();
  });
});

describe("a partial chain is a value", () => {
  // `version` reads the chain's state from the builder it is called on (`this`). Registered types
  // carry args and returns as alias arguments only: read them as codegen's `api` does.
  test("branches of one chain keep their own versions and the definition's name", () => {
    const base = defineVersioned(query, { name: "q" }).version("1", {
      name: "old",
      args: { a: v.string() },
    });
    const renamed = base.version("2", { args: { a: v.string() } }).handler(async () => 1);
    const extended = base
      .version("2", {
        name: "q2",
        args: { a: v.string(), b: v.number() },
        up: (p) => ({ ...p, b: 0 }),
      })
      .handler(async (_ctx, { b }) => b > 0);
    const zodExtended = defineZodVersioned(zCustomMutation(mutation, NoOp), { name: "z" })
      .version("1", { name: "zOld", args: { a: z.string() } })
      .version("2", { args: { a: z.string(), b: z.number() }, up: (p) => ({ ...p, b: 0 }) })
      .handler(async (_ctx, { b }) => b);
    type Api = ApiFromModules<{
      renamed: typeof renamed;
      extended: typeof extended;
      zod: typeof zodExtended;
    }>;
    expectTypeOf<keyof Api["renamed"]>().toEqualTypeOf<"old" | "q">();
    expectTypeOf<FunctionArgs<Api["renamed"]["q"]>>().toEqualTypeOf<{ a: string }>();
    expectTypeOf<FunctionReturnType<Api["renamed"]["old"]>>().toEqualTypeOf<number>();
    expectTypeOf<keyof Api["extended"]>().toEqualTypeOf<"old" | "q2">();
    expectTypeOf<FunctionArgs<Api["extended"]["old"]>>().toEqualTypeOf<{ a: string }>();
    expectTypeOf<FunctionArgs<Api["extended"]["q2"]>>().toEqualTypeOf<{ a: string; b: number }>();
    expectTypeOf<FunctionReturnType<Api["extended"]["q2"]>>().toEqualTypeOf<boolean>();
    expectTypeOf<keyof Api["zod"]>().toEqualTypeOf<"zOld" | "z">();
    expectTypeOf<FunctionArgs<Api["zod"]["z"]>>().toEqualTypeOf<{ a: string; b: number }>();
    expectTypeOf<FunctionArgs<Api["zod"]["zOld"]>>().toEqualTypeOf<{ a: string }>();
  });
});

describe("adapters are checked against both versions", () => {
  const v1 = defineVersioned(mutation, { name: "m" }).version("1", {
    name: "old",
    args: { body: v.string() },
    returns: v.id("messages"),
  });

  test("`up` receives the previous args and must return this version's", () => {
    v1.version("2", {
      args: { text: v.string() },
      up: (prev) => {
        expectTypeOf(prev).toEqualTypeOf<{ body: string }>();
        return { text: prev.body };
      },
      returns: v.id("messages"),
    });
    v1.version("2", {
      args: { text: v.string() },
      // @ts-expect-error — `up` must return this version's args ({ text }), not the old ones
      up: (prev) => ({ body: prev.body }),
    });
    v1.version("2", {
      args: { text: v.string() },
      // @ts-expect-error — `prev` has no `text`: it is the previous version's args
      up: (prev) => ({ text: prev.text }),
    });
    // @ts-expect-error — the args changed, so `up` is required
    v1.version("2", { args: { text: v.string() } });
    // args unchanged (a pure rename): no `up` needed
    v1.version("2", { args: { body: v.string() } });
  });

  test("`down` receives this version's result and must return the previous version's", () => {
    v1.version("2", {
      args: { body: v.string() },
      returns: v.object({ id: v.id("messages"), at: v.number() }),
      down: (result) => {
        expectTypeOf(result).toEqualTypeOf<{ id: Id<"messages">; at: number }>();
        return result.id;
      },
    });
    v1.version("2", {
      args: { body: v.string() },
      returns: v.object({ id: v.id("messages"), at: v.number() }),
      // @ts-expect-error — `down` must return the previous version's result (an id), not a number
      down: (result) => result.at,
    });
    // @ts-expect-error — the returns changed, so `down` is required
    v1.version("2", { args: { body: v.string() }, returns: v.number() });
  });

  test("the handler is written for the newest version", () => {
    v1.version("2", { args: { text: v.string() }, up: (p) => ({ text: p.body }) }).handler(
      async (ctx, args) => {
        expectTypeOf(args).toEqualTypeOf<{ text: string }>();
        return ctx.db.insert("messages", {
          channelId: "" as Id<"channels">,
          text: args.text,
          author: "",
          format: "plain",
        });
      },
    );
    v1.version("2", { args: { text: v.string() }, up: (p) => ({ text: p.body }) })
      // @ts-expect-error — returns are declared (an id), so the handler must return one
      .handler(async () => "not an id");
  });

  test("custom builders: the handler sees the middleware's ctx and made args", () => {
    const authed = customMutation(mutation, {
      args: { token: v.string() },
      input: async (_ctx, { token }) => ({ ctx: { user: token }, args: { via: "auth" as const } }),
    });
    const { m } = defineVersioned(authed, { name: "m" })
      .version("1", { args: { a: v.string() } })
      .handler(async (ctx, args) => {
        expectTypeOf(ctx.user).toEqualTypeOf<string>();
        expectTypeOf(args).toEqualTypeOf<{ a: string; via: "auth" }>();
        return null;
      });
    expectTypeOf(m).toEqualTypeOf<
      RegisteredMutation<"public", { a: string; token: string }, null>
    >();
    type Api = ApiFromModules<{ mod: { m: typeof m } }>;
    expectTypeOf<FunctionArgs<Api["mod"]["m"]>>().toEqualTypeOf<{ a: string; token: string }>();
  });

  test("zod: `up` maps parsed (output) args to this version's input", () => {
    const zm = zCustomMutation(mutation, NoOp);
    defineZodVersioned(zm, { name: "z" })
      .version("1", { args: { n: z.string().transform((s) => s.length) } })
      .version("2", {
        args: { count: z.number().default(0) },
        up: (prev) => {
          expectTypeOf(prev).toEqualTypeOf<{ n: number }>();
          return { count: prev.n };
        },
      })
      .handler(async (_ctx, args) => {
        expectTypeOf(args).toEqualTypeOf<{ count: number }>();
        return null;
      });
    // zod custom builder args are preserved on every export too
    const zSession = zCustomMutation(mutation, {
      args: { sessionId: v.string() },
      input: async (_ctx, { sessionId }) => ({ ctx: { sessionId }, args: {} }),
    });
    const { zs } = defineZodVersioned(zSession, { name: "zs" })
      .version("1", { args: { n: z.number() } })
      .handler(async () => null);
    expectTypeOf(zs).toEqualTypeOf<
      RegisteredMutation<"public", { n: number; sessionId: string }, null>
    >();
    type ZApi = ApiFromModules<{ mod: { zs: typeof zs } }>;
    expectTypeOf<FunctionArgs<ZApi["mod"]["zs"]>>().toEqualTypeOf<{
      n: number;
      sessionId: string;
    }>();
    defineZodVersioned(zm, { name: "z" })
      .version("1", { args: { n: z.string() } })
      // @ts-expect-error — the args changed, so `up` is required
      .version("2", { args: { count: z.number() } });
  });

  test("zod: `up` returns the next version's input; the handler gets the newest output", () => {
    const zm = zCustomMutation(mutation, NoOp);
    const v1 = defineZodVersioned(zm, { name: "z" }).version("1", {
      name: "old",
      args: { text: z.string() },
    });
    v1.version("2", {
      args: { n: z.string().transform((s) => s.length), mode: z.enum(["x", "y"]).default("x") },
      // the input type: a string for `n` (the transform runs after), `mode` may be left out
      up: (prev) => ({ n: prev.text }),
    }).handler(async (_ctx, args) => {
      expectTypeOf(args).toEqualTypeOf<{ n: number; mode: "x" | "y" }>();
      return null;
    });
    // The `up` option's type itself: previous version's output in, this version's input out.
    const newest = {
      n: z.string().transform((s) => s.length),
      mode: z.enum(["x", "y"]).default("x"),
    };
    type Prev = {
      label: "1";
      args: { text: string };
      parsed: { text: number };
      shape: [{ text: string }, { text: number }];
      returns: null;
      returnsIn: null;
    };
    type Up = NonNullable<ZodVersionOptions<{}, Prev, typeof newest, UnsetMarker, "z">["up"]>;
    expectTypeOf<Parameters<Up>[0]>().toEqualTypeOf<{ text: number }>();
    expectTypeOf<Awaited<ReturnType<Up>>>().toEqualTypeOf<{
      n: string;
      mode?: "x" | "y" | undefined;
    }>();
    v1.version("2", {
      args: { n: z.string().transform((s) => s.length) },
      // @ts-expect-error — `up` returns the input (a string), not the parsed output (a number)
      up: (prev) => ({ n: prev.text.length }),
    });

    // `down` gets this version's parsed result and returns the previous version's returns input
    defineZodVersioned(zm, { name: "r" })
      .version("1", { name: "old", args: {}, returns: z.object({ at: z.string().default("") }) })
      .version("2", {
        args: {},
        returns: z.object({ at: z.number().transform((n) => new Date(n)) }),
        down: (result) => {
          expectTypeOf(result).toEqualTypeOf<{ at: Date }>();
          return {};
        },
      })
      .handler(async () => ({ at: 0 }));
  });
});

describe("void handlers, as Convex accepts them", () => {
  test("returns: v.null() (or a union with null): the handler and `down` may return nothing", () => {
    const { n } = defineVersioned(mutation, { name: "n" })
      .version("1", { args: { body: v.string() }, returns: v.null() })
      .handler(async (ctx) => {
        await ctx.db.query("messages").first();
      });
    expectTypeOf(n).toEqualTypeOf<RegisteredMutation<"public", { body: string }, null>>();
    type Api = ApiFromModules<{ mod: { n: typeof n } }>;
    expectTypeOf<FunctionArgs<Api["mod"]["n"]>>().toEqualTypeOf<{ body: string }>();
    expectTypeOf<FunctionReturnType<Api["mod"]["n"]>>().toEqualTypeOf<null>();
    defineVersioned(mutation, { name: "u" })
      .version("1", { name: "old", args: {}, returns: v.union(v.string(), v.null()) })
      .version("2", {
        args: {},
        returns: v.number(),
        down: (result) => {
          if (result > 0) return String(result);
        },
      })
      .handler(async () => 1);
    defineVersioned(mutation, { name: "s" })
      .version("1", { args: {}, returns: v.string() })
      // @ts-expect-error — returns are a string: returning nothing is not allowed
      .handler(async () => {});
  });

  test("zod: returns z.null() (or .nullable()): the same", () => {
    const zm = zCustomMutation(mutation, NoOp);
    defineZodVersioned(zm, { name: "n" })
      .version("1", { args: { body: z.string() }, returns: z.null() })
      .handler(async (ctx) => {
        await ctx.db.query("messages").first();
      });
    defineZodVersioned(zm, { name: "u" })
      .version("1", { name: "old", args: {}, returns: z.string().nullable() })
      .version("2", {
        args: {},
        returns: z.number(),
        down: (result) => {
          if (result > 0) return String(result);
        },
      })
      .handler(async () => 1);
    defineZodVersioned(zm, { name: "s" })
      .version("1", { args: {}, returns: z.string() })
      // @ts-expect-error — returns are a string: returning nothing is not allowed
      .handler(async () => {});
  });
});
