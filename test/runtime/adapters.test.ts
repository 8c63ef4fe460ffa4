/** Adapter failures (convex/orders.ts): plain errors are wrapped, ConvexErrors pass through. */
import { describe, expect, test } from "vitest";
import { backend, convexErrorData, ref } from "./setup";

describe("adapter failures", () => {
  test("a plain error in `up` → VERSIONED_ADAPTER_FAILED naming definition, label and direction", async () => {
    const t = backend();
    const data = await convexErrorData(
      t.mutation(ref.mutation("orders:place"), { sku: "a", qty: 1.5 }),
    );
    expect(data).toEqual({
      code: "VERSIONED_ADAPTER_FAILED",
      definition: "place",
      version: "2026-10-01",
      direction: "up",
      message: expect.stringContaining("qty must be a whole number, got 1.5"),
    });
  });

  test("a plain error in `down` → VERSIONED_ADAPTER_FAILED with direction down", async () => {
    const t = backend();
    const data = await convexErrorData(
      t.mutation(ref.mutation("orders:place"), { sku: "a", qty: 0 }),
    );
    expect(data).toMatchObject({
      code: "VERSIONED_ADAPTER_FAILED",
      direction: "down",
      version: "2026-10-01",
    });
    expect(data.message).toContain("the order has no lines");
  });

  test("a ConvexError thrown by an adapter reaches the client unchanged", async () => {
    const t = backend();
    expect(
      await convexErrorData(
        t.mutation(ref.mutation("orders:place"), { sku: "sku-legacy", qty: 1 }),
      ),
    ).toEqual({ code: "SKU_DISCONTINUED", sku: "sku-legacy" });
  });

  test("the happy paths", async () => {
    const t = backend();
    const id = await t.mutation(ref.mutation("orders:place"), { sku: "a", qty: 2 });
    expect(typeof id).toBe("string");
    expect(
      await t.mutation(ref.mutation("orders:place"), {
        items: [
          { sku: "a", qty: 1 },
          { sku: "b", qty: 0 },
        ],
      }),
    ).toMatchObject({ lines: 1 });
  });
});
