/** v1, as first shipped: `messages:send({ body, author })` returns the new message's id. */
import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const send = mutation({
  args: { body: v.string(), author: v.string() },
  returns: v.id("messages"),
  handler: async (ctx, args) => ctx.db.insert("messages", args),
});
