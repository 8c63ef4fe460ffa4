/**
 * zod versions (convex-versioned/zod over convex-helpers' zod4 builders): refinements and defaults
 * keep working per version, including two shapes under one export name.
 */
import { NoOp } from "convex-helpers/server/customFunctions";
import { defineVersioned, zCustomMutation, zCustomQuery } from "convex-versioned/zod";
import * as z from "zod/v4";
import { mutation, query } from "./_generated/server";

const zMutation = zCustomMutation(mutation, NoOp);
const zQuery = zCustomQuery(query, NoOp);

const email = z.string().email();

export const { subscribe } = defineVersioned(zMutation, { name: "subscribe" })
  // v1 clients send one topic; frequency was always weekly.
  .version("2026-06-01", {
    args: { email, topic: z.string().min(1) },
    returns: z.string(),
    deprecated: { since: "2026-10-01", removeAfter: "2027-01-01" },
  })
  // v2: several topics, frequency with a default.
  .version("2026-10-01", {
    args: {
      email,
      topics: z.array(z.string().min(1)).min(1),
      frequency: z.enum(["daily", "weekly"]).default("weekly"),
    },
    // `frequency` is left out: the v2 schema's default applies to adapted calls too.
    up: (prev) => ({ email: prev.email, topics: [prev.topic] }),
    returns: z.object({ id: z.string(), topics: z.array(z.string()) }),
    down: (result) => result.id,
  })
  .handler(async (ctx, { email, topics, frequency }) => {
    const id = await ctx.db.insert("subscribers", { email, topics, frequency });
    return { id: id as string, topics };
  });

export const { subscription, getSubscription } = defineVersioned(zQuery, {
  name: "getSubscription",
})
  .version("2026-06-01", {
    name: "subscription",
    args: { email },
    returns: z.object({ email: z.string(), frequency: z.string() }).nullable(),
  })
  .version("2026-10-01", {
    args: { email },
    returns: z
      .object({ email: z.string(), frequency: z.string(), topics: z.array(z.string()) })
      .nullable(),
    down: (result) => (result ? { email: result.email, frequency: result.frequency } : null),
  })
  .handler(async (ctx, { email }) => {
    const row = await ctx.db
      .query("subscribers")
      .withIndex("by_email", (q) => q.eq("email", email))
      .first();
    return row ? { email: row.email, frequency: row.frequency, topics: row.topics } : null;
  });
