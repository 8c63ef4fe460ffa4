import { v } from "convex/values";
import { query } from "./_generated/server";

export const list = query({
  args: {},
  handler: async (ctx) => ctx.db.query("messages").collect(),
});
export const one = query({ args: { x: v.number() }, handler: async (_ctx, a) => a.x });
