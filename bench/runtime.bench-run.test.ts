/**
 * The convex-test half of `bench/runtime.ts` (run through it, not on its own: it needs
 * `bench/vitest.config.ts`). Calls, by string path as a client would, the project's real `convex/`
 * app with the bench module `bench/fixtures/echo.ts` mounted beside it as `bench/echo.ts`:
 *
 * - old:     `bench/echo:echoV1`   — an old version: `up`, the handler, `down`, sampled log line
 * - current: `bench/echo:echo`     — the current export
 * - plain:   `bench/echo:echoPlain` — the same work, hand-written without the library
 *
 * and, in a second interleaved run of its own (A B, B A, …), the same definition with zod schemas
 * (`bench/fixtures/zod-echo.ts`, mounted as `bench/zodEcho.ts`): its old version against its current
 * export, both through the zod builder.
 *
 * Calls are interleaved in blocks (every arm runs one block per round, the order rotating through all
 * six permutations) so drift — JIT warm-up, GC, the in-memory database, a noisy neighbour — falls on
 * every arm alike. Figures go to the file named by BENCH_OUT (JSON), which `bench/runtime.ts` reads.
 */
import { writeFileSync } from "node:fs";
import { makeFunctionReference } from "convex/server";
import { convexTest } from "convex-test";
import { expect, test } from "vitest";
import schema from "../convex/schema";

const CALLS = Number(process.env.BENCH_CALLS ?? 10_000);
const BLOCK = 100;
const ROUNDS = Math.ceil(CALLS / BLOCK);
const WARMUP = 1_000;

const modules = {
  ...import.meta.glob("../convex/**/*.ts"),
  // Mounted inside the app's folder so convex-test serves it as the module "bench/echo".
  "../convex/bench/echo.ts": () => import("./fixtures/echo.ts"),
  "../convex/bench/zodEcho.ts": () => import("./fixtures/zod-echo.ts"),
};

type Arm = "old" | "current" | "plain";
const ARMS: readonly Arm[] = ["old", "current", "plain"];
const ORDERS: readonly Arm[][] = [
  ["old", "current", "plain"],
  ["current", "plain", "old"],
  ["plain", "old", "current"],
  ["old", "plain", "current"],
  ["plain", "current", "old"],
  ["current", "old", "plain"],
];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

test("runtime bench through convex-test", async () => {
  const t = convexTest(schema, modules);
  const channelId = await t.mutation(makeFunctionReference<"mutation">("channels:create"), {
    name: "general",
  });
  const query = (path: string) => makeFunctionReference<"query">(path);
  const calls: Record<Arm, () => Promise<unknown>> = {
    old: () => t.query(query("bench/echo:echoV1"), { channelId, body: "hi", kind: "plain" }),
    current: () => t.query(query("bench/echo:echo"), { channelId, text: "hi", format: "plain" }),
    plain: () => t.query(query("bench/echo:echoPlain"), { channelId, text: "hi", format: "plain" }),
  };

  // Count the library's log lines (default sampling: one per minute per version and isolate).
  const log = console.log;
  let logLines = 0;
  console.log = (...data: unknown[]) => {
    if (typeof data[0] === "string" && data[0].includes('"convex-versioned":"call"')) logLines++;
    log(...data);
  };
  try {
    // Each arm does what it says before it is timed.
    expect(await calls.old()).toEqual({ channel: "general", body: "hi", kind: "plain" });
    const expected = { channel: "general", text: "hi", format: "plain" };
    expect(await calls.current()).toEqual(expected);
    expect(await calls.plain()).toEqual(expected);
    expect(logLines).toBe(1);

    for (let i = 0; i < WARMUP; i++) for (const arm of ARMS) await calls[arm]();
    const perCall: Record<Arm, number[]> = { old: [], current: [], plain: [] };
    const started = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      for (const arm of ORDERS[round % ORDERS.length]!) {
        const call = calls[arm];
        const t0 = performance.now();
        for (let i = 0; i < BLOCK; i++) await call();
        perCall[arm].push(((performance.now() - t0) * 1000) / BLOCK);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const paired = (a: Arm, b: Arm) =>
      median(perCall[a].map((value, round) => value / perCall[b][round]!));

    // zod: old version vs current export, interleaved in pairs whose order alternates.
    const zodCalls = {
      old: () => t.query(query("bench/zodEcho:zechoV1"), { channelId, body: "hi", kind: "plain" }),
      current: () =>
        t.query(query("bench/zodEcho:zecho"), { channelId, text: "hi", format: "plain" }),
    };
    expect(await zodCalls.old()).toEqual({ channel: "general", body: "hi", kind: "plain" });
    expect(await zodCalls.current()).toEqual(expected);
    for (let i = 0; i < WARMUP; i++) {
      await zodCalls.old();
      await zodCalls.current();
    }
    const zodPerCall = { old: [] as number[], current: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? (["current", "old"] as const) : (["old", "current"] as const);
      for (const arm of order) {
        const call = zodCalls[arm];
        const t0 = performance.now();
        for (let i = 0; i < BLOCK; i++) await call();
        zodPerCall[arm].push(((performance.now() - t0) * 1000) / BLOCK);
      }
    }
    const result = {
      calls: ROUNDS * BLOCK,
      block: BLOCK,
      rounds: ROUNDS,
      warmup: WARMUP,
      seconds: Number(seconds.toFixed(2)),
      medianUs: {
        old: median(perCall.old),
        current: median(perCall.current),
        plain: median(perCall.plain),
      },
      // Median of the per-round ratios: each round's blocks ran back to back, so they share conditions.
      pairedRatio: {
        oldOverCurrent: paired("old", "current"),
        currentOverPlain: paired("current", "plain"),
      },
      zod: {
        medianUs: { old: median(zodPerCall.old), current: median(zodPerCall.current) },
        oldOverCurrent: median(
          zodPerCall.old.map((value, round) => value / zodPerCall.current[round]!),
        ),
      },
      logLines,
    };
    if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify(result));
    else log(JSON.stringify(result));
  } finally {
    console.log = log;
  }
});
