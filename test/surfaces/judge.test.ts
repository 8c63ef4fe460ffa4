/**
 * `check` across client surfaces, as pure functions: which builds a finding breaks, findings
 * several builds share listed once, a finding no live build calls not failing, and which
 * surfaces the code still serves (what the skew beacon lists).
 */
import { v } from "convex/values";
import { describe, expect, test } from "vitest";
import { checkCompat } from "../../src/compat/diff.ts";
import type { CheckOptions } from "../../src/compat/types.ts";
import { type SurfaceFunctions, surfaceOf } from "../../src/surfaces/canonical.ts";
import type { SurfaceRecord } from "../../src/surfaces/file.ts";
import { surfaceId } from "../../src/surfaces/id.ts";
import { judgeSurfaces } from "../../src/surfaces/judge.ts";
import { supersededLabels } from "../../src/surfaces/status.ts";
import { app, args, fn, j } from "../compat/helpers.ts";

const options: CheckOptions = { now: "2026-12-01" };

function surface(
  label: string,
  functions: SurfaceFunctions,
  more: Partial<SurfaceRecord> = {},
): SurfaceRecord {
  return {
    surfaceVersion: 1,
    label,
    kind: "web",
    id: surfaceId(functions),
    recordedAt: "2026-11-01T00:00:00.000Z",
    functions,
    ...more,
  };
}

const send = fn(args({ body: v.string() }), j(v.id("messages")));
const create = fn(args({ name: v.string() }), j(v.id("channels")));
const before = app({ "messages:send": send, "channels:create": create });

function judge(after: ReturnType<typeof app>, live: SurfaceRecord[], o = options) {
  return judgeSurfaces(checkCompat(before, after, o), live, after, o);
}

describe("judgeSurfaces", () => {
  test("with no live surface the baseline's result is returned as it was", () => {
    const after = app({ "channels:create": create });
    const baseline = checkCompat(before, after, options);
    expect(judgeSurfaces(baseline, [], after, options).result).toBe(baseline);
  });

  test("a breaking finding names every build it breaks, once, sorted", () => {
    const both = surfaceOf(before);
    const after = app({ "channels:create": create });
    const { result, verdicts } = judge(after, [
      surface("web@b2", both),
      surface("mobile@2.1.0", both, { kind: "mobile" }),
    ]);
    expect(result.ok).toBe(false);
    const removed = result.changes.filter((f) => f.function === "messages:send");
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({
      rule: "FUNCTION_NO_DELETE",
      level: "breaking",
      surfaces: ["mobile@2.1.0", "web@b2"],
    });
    expect(verdicts.map((s) => [s.label, s.served])).toEqual([
      ["web@b2", false],
      ["mobile@2.1.0", false],
    ]);
  });

  test("a breaking change no live surface calls is reported as dangerous and passes, saying why", () => {
    // The mobile release only ever called channels:create.
    const mobile = surface(
      "mobile@2.1.0",
      { "channels:create": surfaceOf(before)["channels:create"]! },
      { kind: "mobile" },
    );
    const after = app({ "channels:create": create });
    const { result, verdicts } = judge(after, [mobile]);
    expect(result.ok).toBe(true);
    expect(result.changes).toEqual([
      expect.objectContaining({
        rule: "FUNCTION_NO_DELETE",
        level: "dangerous",
        function: "messages:send",
        unreferenced: true,
      }),
    ]);
    expect(result.changes[0]!.message).toContain(
      'No live client build calls "messages:send" (live surfaces: mobile@2.1.0), so this does not fail the check.',
    );
    expect(verdicts).toEqual([
      { label: "mobile@2.1.0", kind: "mobile", id: mobile.id, served: true, breaking: 0 },
    ]);
  });

  test("a build older than the baseline is judged by its own shapes: a finding only it has is added", () => {
    // The web build still sends `author`, which the baseline had already dropped (never released).
    const old = surface("web@a1", {
      "messages:send": {
        kind: "mutation",
        args: args({ body: v.string(), author: v.string() }),
        returns: j(v.id("messages")),
      },
    });
    const { result } = judge(before, [old]);
    expect(result.ok).toBe(false);
    expect(result.changes).toEqual([
      expect.objectContaining({
        rule: "ARG_NO_DELETE",
        function: "messages:send",
        path: "args.author",
        surfaces: ["web@a1"],
      }),
    ]);
  });

  test("a waived finding passes the check but the build it breaks is not served", () => {
    const after = app({ "channels:create": create });
    const waivers = [
      {
        rule: "FUNCTION_NO_DELETE",
        function: "messages:send",
        reason: "v1 is retired",
        expires: "2026-12-31",
      },
    ];
    const { result, verdicts } = judge(after, [surface("web@v1", surfaceOf(before))], {
      ...options,
      waivers,
    });
    expect(result.ok).toBe(true);
    expect(result.changes.map((f) => [f.rule, f.waived !== undefined, f.surfaces])).toEqual([
      ["FUNCTION_NO_DELETE", true, ["web@v1"]],
    ]);
    expect(verdicts[0]!.served).toBe(false);
  });

  test("a waiver only a surface's finding uses is not reported unused", () => {
    const surfaceSend = {
      kind: "mutation" as const,
      args: args({ body: v.string(), author: v.string() }),
      returns: j(v.id("messages")),
    };
    const waivers = [
      {
        rule: "ARG_NO_DELETE",
        function: "messages:send",
        reason: "old web build",
        expires: "2026-12-31",
      },
    ];
    const o = { ...options, waivers };
    const baseline = checkCompat(before, before, o);
    expect(baseline.changes.map((f) => f.rule)).toEqual(["WAIVER_UNUSED"]);
    const { result } = judgeSurfaces(
      baseline,
      [surface("web@a1", { "messages:send": surfaceSend })],
      before,
      o,
    );
    expect(result.changes.map((f) => [f.rule, f.waived !== undefined])).toEqual([
      ["ARG_NO_DELETE", true],
    ]);
  });
});

describe("surfaceOf and surfaceId", () => {
  test("public functions only; a versioned export stands for its newest served version; tombstones are left out", () => {
    const old = args({ body: v.string() });
    const current = args({ text: v.string() });
    const spec = app({
      "messages:send": {
        ...fn(current, j(v.string())),
        versioned: {
          definition: "send",
          current: "2",
          serves: ["1", "2"],
          versions: [
            { label: "1", exportName: "send", args: old, returns: j(v.string()) },
            { label: "2", exportName: "send", args: current, returns: null },
          ],
        },
        returnsInferred: j(v.number()),
      },
      "messages:gone": {
        ...fn({ type: "any" }, null),
        versioned: {
          definition: "gone",
          current: "1",
          serves: ["1"],
          versions: [
            {
              label: "1",
              exportName: "gone",
              args: { type: "any" },
              returns: null,
              removed: { since: "2026-01-01" },
            },
          ],
        },
      },
      "admin:purge": fn(args({}), null, { visibility: "internal" }),
    });
    expect(surfaceOf(spec)).toEqual({
      "messages:send": {
        kind: "mutation",
        args: current,
        returns: null,
        returnsInferred: j(v.number()),
      },
    });
  });

  test("an inferred contract beside a declared validator does not change the id (check infers some, the lock does not)", () => {
    const declared = fn(args({ a: v.string() }), j(v.string()));
    expect(
      surfaceId(surfaceOf(app({ "m:f": { ...declared, returnsInferred: j(v.number()) } }))),
    ).toBe(surfaceId(surfaceOf(app({ "m:f": declared }))));
  });

  test("the id ignores key order and changes with any shape", () => {
    const ab = app({ "m:f": fn(args({ a: v.string(), b: v.number() }), null), "m:g": create });
    const ba = app({ "m:g": create, "m:f": fn(args({ b: v.number(), a: v.string() }), null) });
    const id = surfaceId(surfaceOf(ab));
    expect(id).toMatch(/^s1-[0-9a-f]{16}$/);
    expect(surfaceId(surfaceOf(ba))).toBe(id);
    const narrower = app({ "m:f": fn(args({ a: v.string(), b: v.int64() }), null), "m:g": create });
    expect(surfaceId(surfaceOf(narrower))).not.toBe(id);
  });
});

test("only web surfaces are superseded, by the newest web recording", () => {
  const s = (label: string, kind: "web" | "mobile", recordedAt: string) =>
    surface(label, {}, { kind, recordedAt });
  const superseded = supersededLabels([
    s("web@c3", "web", "2026-11-03T00:00:00Z"),
    s("web@a1", "web", "2026-11-01T00:00:00Z"),
    s("mobile@1.0.0", "mobile", "2026-10-01T00:00:00Z"),
    s("web@b2", "web", "2026-11-02T00:00:00Z"),
  ]);
  expect([...superseded].sort()).toEqual(["web@a1", "web@b2"]);
});
