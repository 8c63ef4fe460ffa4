import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  channels: defineTable({ name: v.string() }).index("by_name", ["name"]),
  messages: defineTable({
    channelId: v.id("channels"),
    text: v.string(),
    author: v.string(),
    format: v.union(v.literal("plain"), v.literal("markdown")),
  }).index("by_channel", ["channelId"]),
  profiles: defineTable({ user: v.string(), displayName: v.string() }).index("by_user", ["user"]),
  subscribers: defineTable({
    email: v.string(),
    topics: v.array(v.string()),
    frequency: v.union(v.literal("daily"), v.literal("weekly")),
  }).index("by_email", ["email"]),
  orders: defineTable({
    items: v.array(v.object({ sku: v.string(), qty: v.number() })),
  }),
  /** One row per run of the auth middleware in `profiles.ts`, so tests can count them. */
  middlewareRuns: defineTable({ fn: v.string() }),
});
