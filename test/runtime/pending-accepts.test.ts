/**
 * `check --pending` says a stored job's args are accepted exactly when Convex would run the job:
 * here the judge (`argsRejection` over the specs the loader reads) is held against convex-test
 * calling the pending fixture's real registered functions by path, as the scheduler would. Records
 * are left valid: convex-test does not validate `v.record` (CONVEX-FACTS), so it cannot be the
 * oracle there; test/pending/accepts.test.ts covers them. Nor for ids: convex-test writes its own
 * (a zero-padded counter and the table name, `0…01orders`), not the backend's encoding, which the
 * judge decodes; so where convex-test is given its id, the judge is given a document ID of the
 * backend's form (test/pending/document-id.test.ts holds that decoding to IDs of real deployments).
 */
import { makeFunctionReference } from "convex/server";
import { convexTest } from "convex-test";
import { describe, expect, test } from "vitest";
import { functionsOfModule } from "../../src/contracts/module-exports.ts";
import type { FunctionSpec, ValidatorJSON } from "../../src/model.ts";
import { argsRejection } from "../../src/pending/judge.ts";
import schema from "../fixtures/pending/convex/schema";
import { documentId } from "../pending/ids.ts";

const modules = import.meta.glob("../fixtures/pending/convex/**/*.ts");

/** What a served version would accept, newest first (as judge.ts reads a spec). */
function shapes(spec: FunctionSpec): ValidatorJSON[] {
  const chain = spec.versioned;
  if (!chain) return [spec.args];
  return chain.versions
    .filter((v) => chain.serves.includes(v.label) && !v.removed)
    .map((v) => v.args)
    .reverse();
}

async function runs(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch {
    return false;
  }
}

describe("the judge agrees with Convex running the job", () => {
  test("sendEmail, tag, processOrder (versioned), charge (ids, int64, bytes), the default export", async () => {
    const t = convexTest(schema, modules);
    const orderId = await t.run((ctx) => ctx.db.insert("orders", { sku: "a" }));
    const specs = functionsOfModule(
      "jobs",
      (await import("../fixtures/pending/convex/jobs.ts")) as Record<string, unknown>,
    );
    // The same order as the backend would have written its id.
    const withDocumentId = (args: unknown) =>
      (args as { orderId?: unknown }).orderId === orderId
        ? { ...(args as object), orderId: documentId(10_012) }
        : args;
    const samples: Record<string, unknown[]> = {
      sendEmail: [
        { to: "a", subject: "b" },
        { to: "a", subject: "b", body: "c" },
        { to: "a" },
        { to: "a", subject: "b", cc: "c" },
        { to: 5, subject: "b" },
        { to: "a", subject: 1n },
        { to: "a", subject: "b", body: null },
        {},
      ],
      tag: [
        { tags: { x: 1 }, kind: "a", items: [{ n: 1 }], note: null },
        { tags: {}, kind: "b", items: [], note: "n" },
        { tags: {}, kind: "c", items: [], note: "n" },
        { tags: {}, kind: "a", items: [{ n: "1" }], note: null },
        { tags: {}, kind: "a", items: [{ n: 1, m: 2 }], note: null },
        { tags: {}, kind: "a", items: [], note: 1 },
        { tags: {}, kind: "a", items: {}, note: null },
      ],
      processOrder: [
        { orderId: "o1" },
        { orderId: "o1", priority: 2 },
        { orderId: 5 },
        { orderId: "o1", priority: "high" },
        { orderId: "o1", extra: true },
      ],
      charge: [
        { orderId, amount: 5n },
        { orderId, amount: 5n, receipt: new Uint8Array([1, 2]).buffer, ratio: Number.NaN },
        { orderId, amount: 5 },
        { orderId, amount: 5n, receipt: "AQI=" },
        { orderId, amount: 5n, ratio: 1n },
        { orderId: 5, amount: 5n },
        { orderId: "order-1234", amount: 5n },
      ],
      default: [{ n: 1 }, { n: Number.POSITIVE_INFINITY }, { n: "1" }, {}],
    };
    const verdicts = { run: 0, rejected: 0 };
    for (const [name, values] of Object.entries(samples)) {
      const spec = specs[`jobs:${name}`]!;
      const path = name === "default" ? "jobs" : `jobs:${name}`;
      for (const args of values) {
        const judged = argsRejection(shapes(spec), withDocumentId(args) as never) === undefined;
        const ran =
          spec.kind === "action"
            ? await runs(() => t.action(makeFunctionReference<"action">(path), args as any))
            : await runs(() => t.mutation(makeFunctionReference<"mutation">(path), args as any));
        expect(judged, `${name} ${String(Object.keys(args as object))}`).toBe(ran);
        verdicts[ran ? "run" : "rejected"]++;
      }
    }
    expect(verdicts.run).toBeGreaterThan(8);
    expect(verdicts.rejected).toBeGreaterThan(12);
  });
});
