/**
 * The call beside a breaking finding: each broken build's own call, from its surface (names
 * only), builds making the same call in one phrase, the arg list capped but never hiding the arg
 * the finding is about, and a finding on the result saying what the build reads.
 */
import { v } from "convex/values";
import { describe, expect, test } from "vitest";
import { checkCompat } from "../../src/compat/diff.ts";
import { argsText, breaksNote } from "../../src/compat/render/calls.ts";
import type { CheckOptions, Finding } from "../../src/compat/types.ts";
import { type SurfaceFunctions, surfaceOf } from "../../src/surfaces/canonical.ts";
import type { SurfaceRecord } from "../../src/surfaces/file.ts";
import { surfaceId } from "../../src/surfaces/id.ts";
import { judgeSurfaces } from "../../src/surfaces/judge.ts";
import { app, args, fn, j } from "../compat/helpers.ts";

const options: CheckOptions = { now: "2026-12-01" };

function surface(label: string, functions: SurfaceFunctions): SurfaceRecord {
  const id = surfaceId(functions);
  return {
    surfaceVersion: 1,
    label,
    kind: "web",
    id,
    recordedAt: "2026-11-01T00:00:00Z",
    functions,
  };
}

function judged(
  before: ReturnType<typeof app>,
  after: ReturnType<typeof app>,
  live: SurfaceRecord[],
) {
  return judgeSurfaces(checkCompat(before, after, options), live, after, options).result.changes;
}

const send = (fields: Parameters<typeof args>[0]) => fn(args(fields), j(v.id("messages")));

describe("calls on a breaking finding", () => {
  // Three builds: two made from the same code, one older that still sends `author`.
  const v2 = app({ "messages:send": send({ body: v.string() }) });
  const v1 = app({ "messages:send": send({ body: v.string(), author: v.string() }) });
  const live = [
    surface("web@b2", surfaceOf(v2)),
    surface("mobile@2.1.0", surfaceOf(v2)),
    surface("web@a1", surfaceOf(v1)),
  ];
  const removed = judged(v2, app({}), live);

  test("each build's call is its own shape, by label, names only", () => {
    expect(removed).toHaveLength(1);
    expect(removed[0]!.calls).toEqual([
      { surface: "mobile@2.1.0", function: "messages:send", args: ["body"] },
      { surface: "web@a1", function: "messages:send", args: ["author", "body"] },
      { surface: "web@b2", function: "messages:send", args: ["body"] },
    ]);
  });

  test("builds making the same call share one phrase, with the verb agreeing", () => {
    expect(breaksNote(removed[0]!)).toBe(
      " Breaks: mobile@2.1.0 and web@b2 call `messages:send({ body })`; web@a1 calls `messages:send({ author, body })`.",
    );
  });

  test("a finding only an older build has shows that build's call", () => {
    const [deleted] = judged(v2, v2, live);
    expect(deleted).toMatchObject({ rule: "ARG_NO_DELETE", path: "args.author" });
    expect(breaksNote(deleted!)).toBe(" Breaks: web@a1 calls `messages:send({ author, body })`.");
  });

  test("a finding on the result says what the build reads", () => {
    const get = (returns: Parameters<typeof j>[0]) =>
      fn(args({ id: v.id("messages") }), j(returns), { kind: "query" });
    const before = app({ "messages:get": get(v.object({ author: v.string(), body: v.string() })) });
    const after = app({ "messages:get": get(v.object({ body: v.string() })) });
    const [f] = judged(before, after, [surface("web@v1", surfaceOf(before))]);
    expect(f).toMatchObject({ path: "returns.author" });
    expect(f!.calls).toEqual([
      { surface: "web@v1", function: "messages:get", args: ["id"], reads: "returns.author" },
    ]);
    expect(breaksNote(f!)).toBe(" Breaks: web@v1 reads `messages:get({ id }).author`.");
    const whole: Finding = {
      ...f!,
      path: "returns",
      calls: [{ ...f!.calls![0]!, reads: "returns" }],
    };
    expect(breaksNote(whole)).toBe(" Breaks: web@v1 reads the result of `messages:get({ id })`.");
  });
});

describe("the arg list", () => {
  const names = ["a", "b", "c", "d", "e", "f"];

  test("at most four names, the rest elided", () => {
    expect(argsText(names)).toBe("{ a, b, c, d, … }");
    expect(argsText(["a", "b", "c", "d"])).toBe("{ a, b, c, d }");
    expect(argsText([])).toBe("{}");
    expect(argsText(undefined)).toBe("…");
  });

  test("the arg the finding is about is always shown", () => {
    expect(argsText(names, "e")).toBe("{ a, b, c, …, e, … }");
    expect(argsText(names, "f")).toBe("{ a, b, c, …, f }");
    expect(argsText(names, "b")).toBe("{ a, b, c, d, … }");
    // Not among the build's args (a new required one): the build does not send it.
    expect(argsText(names, "z")).toBe("{ a, b, c, d, … }");
  });

  test("a nested path points at its top-level arg; args without a validator show as …", () => {
    const many = {
      a: v.string(),
      b: v.string(),
      c: v.string(),
      d: v.string(),
      items: v.array(v.object({ kind: v.string() })),
    };
    const before = app({ "m:f": fn(args(many), null) });
    const after = app({
      "m:f": fn(args({ ...many, items: v.array(v.object({ kind: v.number() })) }), null),
    });
    const [f] = judged(before, after, [surface("web@v1", surfaceOf(before))]);
    expect(f).toMatchObject({ path: "args.items[].kind" });
    expect(breaksNote(f!)).toBe(" Breaks: web@v1 calls `m:f({ a, b, c, …, items })`.");
    const untyped = { ...f!, calls: [{ surface: "web@v1", function: "m:f" }] };
    expect(breaksNote(untyped)).toBe(" Breaks: web@v1 calls `m:f(…)`.");
  });
});

test("many builds: five named per phrase, three phrases, the rest counted", () => {
  const calls = ["a", "b", "c", "d", "e", "f", "g"].flatMap((x, i) => [
    { surface: `web@${x}1`, function: "m:f", args: [x] },
    ...(i === 0
      ? ["2", "3", "4", "5", "6", "7"].map((n) => ({
          surface: `web@${x}${n}`,
          function: "m:f",
          args: [x],
        }))
      : []),
  ]);
  const f: Finding = {
    rule: "R",
    level: "breaking",
    function: "m:f",
    message: "",
    surfaces: calls.map((c) => c.surface),
    calls,
  };
  expect(breaksNote(f)).toBe(
    " Breaks: web@a1, web@a2, web@a3, web@a4, web@a5 and 2 more call `m:f({ a })`; web@b1 calls `m:f({ b })`; web@c1 calls `m:f({ c })`; 4 more calls (--format json lists them).",
  );
});
