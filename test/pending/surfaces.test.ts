/**
 * Pending work beside client surfaces: a surface is a client build, and a breaking finding no live
 * build calls is relaxed to dangerous. A pending-work finding is about jobs waiting in the
 * deployment, which run whatever any build calls: it stays breaking.
 */
import { v } from "convex/values";
import { expect, test } from "vitest";
import { checkCompat } from "../../src/compat/diff.ts";
import type { CheckOptions } from "../../src/compat/types.ts";
import { PendingJudge } from "../../src/pending/judge.ts";
import { surfaceOf } from "../../src/surfaces/canonical.ts";
import { surfaceId } from "../../src/surfaces/id.ts";
import { judgeSurfaces } from "../../src/surfaces/judge.ts";
import { app, args, fn, j } from "../compat/helpers.ts";

test("a PENDING_* finding on a function no live build calls stays breaking", () => {
  const options: CheckOptions = { now: "2026-12-01" };
  const send = fn(args({ body: v.string() }), j(v.id("messages")));
  const before = app({
    "messages:send": send,
    "jobs:cleanup": fn(args({ n: v.number() }), j(v.null())),
  });
  const after = app({ "messages:send": send });
  const judge = new PendingJudge(after, before, options.now);
  judge.add({ id: "k1", function: "jobs:cleanup", args: { n: 1 }, scheduledTime: 0 });
  const baseline = checkCompat(before, after, { ...options, pendingFindings: judge.findings() });
  const functions = surfaceOf(app({ "messages:send": send }));
  const live = [
    {
      surfaceVersion: 1 as const,
      label: "web@a1",
      kind: "web" as const,
      id: surfaceId(functions),
      recordedAt: "2026-11-01T00:00:00.000Z",
      functions,
    },
  ];
  const { result } = judgeSurfaces(baseline, live, after, options);
  expect(result.ok).toBe(false);
  expect(
    result.changes
      .filter((f) => f.function === "jobs:cleanup")
      .map((f) => `${f.rule} ${f.level}${f.unreferenced ? " unreferenced" : ""}`)
      .sort(),
  ).toEqual(["FUNCTION_NO_DELETE dangerous unreferenced", "PENDING_TARGET_REMOVED breaking"]);
});
