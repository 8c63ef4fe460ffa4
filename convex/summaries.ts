/** Versioned actions and internal functions: the same machinery for every builder. */
import { v } from "convex/values";
import { defineVersioned } from "convex-versioned";
import { internal } from "./_generated/api";
import { action, internalAction, internalMutation, internalQuery } from "./_generated/server";

export const { countWords, wordCount } = defineVersioned(internalQuery, { name: "wordCount" })
  .version("2026-06-01", {
    name: "countWords",
    args: { channelId: v.id("channels") },
    returns: v.number(),
    deprecated: { since: "2026-10-01", removeAfter: "2026-11-01" },
  })
  .version("2026-10-01", {
    args: { channelId: v.id("channels"), author: v.optional(v.string()) },
    up: (prev) => ({ ...prev }),
    returns: v.object({ words: v.number(), messages: v.number() }),
    down: (result) => result.words,
  })
  .handler(async (ctx, { channelId, author }) => {
    const rows = await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channelId", channelId))
      .collect();
    const mine = author === undefined ? rows : rows.filter((row) => row.author === author);
    const words = mine.reduce((n, row) => n + row.text.split(/\s+/).filter(Boolean).length, 0);
    return { words, messages: mine.length };
  });

/** Scheduled jobs enqueued before the rename still carry the old path and args. */
export const { purge, purgeChannel } = defineVersioned(internalMutation, { name: "purgeChannel" })
  .version("2026-06-01", {
    name: "purge",
    args: { channel: v.id("channels") },
    returns: v.number(),
  })
  .version("2026-10-01", {
    args: { channelId: v.id("channels") },
    up: ({ channel }) => ({ channelId: channel }),
  })
  .handler(async (ctx, { channelId }) => {
    const rows = await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channelId", channelId))
      .collect();
    for (const row of rows) await ctx.db.delete(row._id);
    return rows.length;
  });

export const { summarize } = defineVersioned(action, { name: "summarize" })
  .version("2026-06-01", {
    args: { channelId: v.id("channels") },
    returns: v.string(),
    deprecated: { since: "2026-10-01", removeAfter: "2027-01-01" },
  })
  .version("2026-10-01", {
    args: { channelId: v.id("channels"), maxWords: v.number() },
    up: (prev) => ({ ...prev, maxWords: 100 }),
    returns: v.object({ summary: v.string(), words: v.number() }),
    down: (result) => result.summary,
  })
  .handler(async (ctx, { channelId, maxWords }) => {
    const { words, messages } = await ctx.runQuery(internal.summaries.wordCount, { channelId });
    const summary = `${messages} messages, ${Math.min(words, maxWords)} words`;
    return { summary, words };
  });

/** A nightly job's internal action, renamed: cron entries and queued runs still use the old path. */
export const { digest, nightlyDigest } = defineVersioned(internalAction, { name: "nightlyDigest" })
  .version("2026-06-01", {
    name: "digest",
    args: { channelId: v.id("channels") },
    returns: v.string(),
  })
  .version("2026-10-01", { args: { channelId: v.id("channels") } })
  .handler(async (ctx, { channelId }): Promise<string> => {
    const { messages } = await ctx.runQuery(internal.summaries.wordCount, { channelId });
    return `digest: ${messages} messages`;
  });
