/**
 * v2, edited in place (the seed incident): renamed to `sendMessage`, `channelId` required, `body`
 * renamed to `text`, and the result is an object. Every client still running v1 code breaks.
 */
import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const sendMessage = mutation({
  args: { channelId: v.id("channels"), text: v.string(), author: v.string() },
  returns: v.object({ id: v.id("messages"), createdAt: v.number() }),
  handler: async (ctx, args) => {
    const id = await ctx.db.insert("messages", args);
    return { id, createdAt: (await ctx.db.get(id))!._creationTime };
  },
});
