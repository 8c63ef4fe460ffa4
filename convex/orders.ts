/**
 * Adapters that can fail: legacy single-item orders are mapped onto the multi-item API, and the
 * adapter refuses what the new API cannot express. A deliberate refusal is a ConvexError (passed to
 * the client as is); a bug in the adapter becomes VERSIONED_ADAPTER_FAILED.
 */
import { ConvexError, v } from "convex/values";
import { defineVersioned } from "convex-versioned";
import { mutation } from "./_generated/server";

const DISCONTINUED = new Set(["sku-legacy"]);

export const { place } = defineVersioned(mutation, { name: "place" })
  .version("2026-06-01", {
    args: { sku: v.string(), qty: v.number() },
    returns: v.id("orders"),
  })
  .version("2026-10-01", {
    args: { items: v.array(v.object({ sku: v.string(), qty: v.number() })) },
    up: ({ sku, qty }) => {
      if (DISCONTINUED.has(sku)) {
        throw new ConvexError({ code: "SKU_DISCONTINUED", sku });
      }
      if (!Number.isInteger(qty)) throw new Error(`qty must be a whole number, got ${qty}`);
      return { items: [{ sku, qty }] };
    },
    returns: v.object({ orderId: v.id("orders"), lines: v.number() }),
    down: (result) => {
      // v1 clients cannot represent an order with no lines (every line had qty ≤ 0).
      if (result.lines === 0) throw new RangeError("the order has no lines");
      return result.orderId;
    },
  })
  .handler(async (ctx, { items }) => {
    const orderId = await ctx.db.insert("orders", { items: items.filter((item) => item.qty > 0) });
    return { orderId, lines: items.filter((item) => item.qty > 0).length };
  });
