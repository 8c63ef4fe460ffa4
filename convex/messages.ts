/**
 * The seed incident, fixed: `messages:send` became `messages:sendMessage` with channels and a richer
 * result, then gained a `format` arg. Clients of every version keep working through one handler.
 */
import { v } from "convex/values";
import { defineVersioned } from "convex-versioned";
import { mutation, query } from "./_generated/server";
import { defaultChannel } from "./channels";

const format = v.union(v.literal("plain"), v.literal("markdown"));

export const { post, send, sendMessage } = defineVersioned(mutation, { name: "sendMessage" })
  // The first app shipped `messages:post`; it was switched off in the spring.
  .version("2025-12-01", {
    name: "post",
    removed: { since: "2026-05-01" },
  })
  // v1: the name and shape still running in old tabs and the staged frontend.
  .version("2026-06-01", {
    name: "send",
    args: { body: v.string(), author: v.string() },
    returns: v.id("messages"),
    deprecated: { since: "2026-10-01", removeAfter: "2026-12-01", reason: "Use sendMessage." },
  })
  // v2: renamed, channels added (required arg), richer result.
  .version("2026-10-01", {
    args: { channelId: v.id("channels"), text: v.string(), author: v.string() },
    up: async (prev, ctx) => ({
      channelId: await defaultChannel(ctx),
      text: prev.body,
      author: prev.author,
    }),
    returns: v.object({ id: v.id("messages"), createdAt: v.number() }),
    down: (result) => result.id,
    deprecated: { since: "2026-11-15", removeAfter: "2027-02-15" },
  })
  // v3: same export name, a new optional-in-spirit `format`; the v2 shape is still accepted.
  .version("2026-11-15", {
    args: { channelId: v.id("channels"), text: v.string(), author: v.string(), format },
    up: (prev) => ({ ...prev, format: "plain" as const }),
    returns: v.object({ id: v.id("messages"), createdAt: v.number(), format }),
    down: ({ id, createdAt }) => ({ id, createdAt }),
  })
  .handler(async (ctx, args) => {
    const id = await ctx.db.insert("messages", args);
    const message = (await ctx.db.get(id))!;
    return { id, createdAt: message._creationTime, format: message.format };
  });

/** Three argument shapes under one export name. */
export const { list } = defineVersioned(query, { name: "list" })
  .version("2026-06-01", {
    args: { channel: v.string() },
    deprecated: { since: "2026-10-01", removeAfter: "2026-12-01" },
  })
  .version("2026-10-01", {
    args: { channelId: v.id("channels") },
    up: async ({ channel }, ctx) => {
      const found = await ctx.db
        .query("channels")
        .withIndex("by_name", (q) => q.eq("name", channel))
        .unique();
      if (!found) throw new Error(`no channel named "${channel}"`);
      return { channelId: found._id };
    },
    deprecated: { since: "2026-11-15" },
  })
  .version("2026-11-15", {
    args: { channelId: v.id("channels"), limit: v.number() },
    up: (prev) => ({ ...prev, limit: 50 }),
  })
  .handler(async (ctx, { channelId, limit }) => {
    const rows = await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channelId", channelId))
      .order("desc")
      .take(limit);
    return rows.map((row) => ({ text: row.text, author: row.author }));
  });
