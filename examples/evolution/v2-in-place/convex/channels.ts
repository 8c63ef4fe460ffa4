import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const create = mutation({
  args: { name: v.string() },
  returns: v.id("channels"),
  handler: async (ctx, { name }) => ctx.db.insert("channels", { name }),
});
