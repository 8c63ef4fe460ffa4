import { v } from "convex/values";
import type { Id } from "./_generated/dataModel";
import { mutation, type QueryCtx } from "./_generated/server";

export const create = mutation({
  args: { name: v.string() },
  returns: v.id("channels"),
  handler: async (ctx, { name }) => ctx.db.insert("channels", { name }),
});

/** Where messages from clients that predate channels go. */
export async function defaultChannel(ctx: QueryCtx): Promise<Id<"channels">> {
  const general = await ctx.db
    .query("channels")
    .withIndex("by_name", (q) => q.eq("name", "general"))
    .unique();
  if (!general) throw new Error('No "general" channel: create it before serving old clients.');
  return general._id;
}
