/** Internal functions and actions are versioned with the same machinery (convex/summaries.ts). */
import { describe, expect, test } from "vitest";
import * as summaries from "../../convex/summaries";
import { backend, ref } from "./setup";

async function seeded() {
  const t = backend();
  const channelId = await t.mutation(ref.mutation("channels:create"), { name: "general" });
  for (const text of ["one two three", "four five"]) {
    await t.mutation(ref.mutation("messages:sendMessage"), {
      channelId,
      text,
      author: "ada",
      format: "plain",
    });
  }
  return { t, channelId };
}

describe("internal versioned functions", () => {
  // convex-test lets tests call internal functions by path; the backend does not. What keeps a
  // client out is the registered function's visibility, which is what the backend analyzer reads.
  test("every export stays internal and keeps its kind", () => {
    const kinds = [
      [summaries.countWords, "isQuery"],
      [summaries.wordCount, "isQuery"],
      [summaries.purge, "isMutation"],
      [summaries.purgeChannel, "isMutation"],
    ] as const;
    for (const [fn, kind] of kinds) {
      expect((fn as any)[kind]).toBe(true);
      expect((fn as any).isInternal).toBe(true);
      expect((fn as any).isPublic).toBeUndefined();
    }
    for (const fn of [summaries.digest, summaries.nightlyDigest]) {
      expect((fn as any).isAction).toBe(true);
      expect((fn as any).isInternal).toBe(true);
    }
    expect((summaries.summarize as any).isAction).toBe(true);
    expect((summaries.summarize as any).isPublic).toBe(true);
  });

  test("old internal query name and shape: result adapted down", async () => {
    const { t, channelId } = await seeded();
    expect(await t.query(ref.query("summaries:countWords"), { channelId })).toBe(5);
    expect(await t.query(ref.query("summaries:wordCount"), { channelId, author: "bob" })).toEqual({
      words: 0,
      messages: 0,
    });
  });

  test("a job scheduled with the old internal mutation's path and args still runs", async () => {
    const { t, channelId } = await seeded();
    await t.run(async (ctx) => {
      await ctx.scheduler.runAfter(0, ref.mutation("summaries:purge") as any, {
        channel: channelId,
      });
    });
    await t.finishAllScheduledFunctions(() => {});
    expect(await t.query(ref.query("summaries:wordCount"), { channelId })).toEqual({
      words: 0,
      messages: 0,
    });
  });
});

describe("actions", () => {
  test("internal action: old and new names run the same handler", async () => {
    const { t, channelId } = await seeded();
    expect(await t.action(ref.action("summaries:digest"), { channelId })).toBe(
      "digest: 2 messages",
    );
    expect(await t.action(ref.action("summaries:nightlyDigest"), { channelId })).toBe(
      "digest: 2 messages",
    );
  });

  test("old and new action shapes, the action calling an internal versioned query", async () => {
    const { t, channelId } = await seeded();
    expect(await t.action(ref.action("summaries:summarize"), { channelId })).toBe(
      "2 messages, 5 words",
    );
    // v1 clients can't pass maxWords; v2 can, and see the richer result
    await expect(
      t.action(ref.action("summaries:summarize"), { channelId, maxWords: 3 }),
    ).resolves.toEqual({ summary: "2 messages, 3 words", words: 5 });
  });
});
