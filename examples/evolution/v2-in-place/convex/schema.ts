import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  channels: defineTable({ name: v.string() }).index("by_name", ["name"]),
  messages: defineTable({ channelId: v.id("channels"), text: v.string(), author: v.string() }),
});
