/**
 * A convex-helpers custom builder with auth middleware, versioned: the middleware must run exactly
 * once per call whichever version the client called (counted in `middlewareRuns`).
 */

import { ConvexError, v } from "convex/values";
import { customCtx, customMutation, customQuery } from "convex-helpers/server/customFunctions";
import { defineVersioned } from "convex-versioned";
import { mutation, query } from "./_generated/server";

/** Every call carries a session token; the middleware turns it into `ctx.user`. */
const authedMutation = customMutation(mutation, {
  args: { token: v.string() },
  input: async (ctx, { token }) => {
    if (!token.startsWith("user:")) throw new ConvexError({ code: "UNAUTHENTICATED" });
    await ctx.db.insert("middlewareRuns", { fn: "authedMutation" });
    return { ctx: { user: token.slice("user:".length) }, args: { via: "authedMutation" } };
  },
});

const publicQuery = customQuery(
  query,
  customCtx(async () => ({ now: 0 })),
);

export const { setName, updateProfile } = defineVersioned(authedMutation, { name: "updateProfile" })
  .version("2026-06-01", {
    name: "setName",
    args: { name: v.string() },
    returns: v.null(),
    deprecated: { since: "2026-09-01", removeAfter: "2026-12-01" },
  })
  .version("2026-09-01", {
    args: { displayName: v.string() },
    up: (prev) => ({ displayName: prev.name }),
    returns: v.object({ user: v.string(), displayName: v.string() }),
    down: () => null,
  })
  .handler(async (ctx, { displayName, via }) => {
    if (via !== "authedMutation") throw new Error("middleware args were lost");
    const existing = await ctx.db
      .query("profiles")
      .withIndex("by_user", (q) => q.eq("user", ctx.user))
      .unique();
    if (existing) await ctx.db.patch(existing._id, { displayName });
    else await ctx.db.insert("profiles", { user: ctx.user, displayName });
    return { user: ctx.user, displayName };
  });

export const { get } = defineVersioned(publicQuery, { name: "get" })
  .version("2026-06-01", { args: { user: v.string() } })
  .handler(async (ctx, { user }) => {
    const profile = await ctx.db
      .query("profiles")
      .withIndex("by_user", (q) => q.eq("user", user))
      .unique();
    return profile ? { displayName: profile.displayName, at: ctx.now } : null;
  });

export const middlewareRuns = query({
  args: {},
  returns: v.number(),
  handler: async (ctx) => (await ctx.db.query("middlewareRuns").collect()).length,
});
