/**
 * One scenario per rule through `checkCompat`: baseline and current apps in the model's shape, the
 * expected (function, path, rule, level) list. A one-line comment says what each scenario shows.
 */
import { v } from "convex/values";
import { describe, expect, it, test } from "vitest";
import { checkCompat } from "../../src/compat/index.ts";
import type { ValidatorJSON } from "../../src/meta.ts";
import type { AppSpec, FunctionSpec } from "../../src/model.ts";
import { app, args, fn, j, NOW, version, versioned } from "./helpers.ts";

const rows = (baseline: AppSpec, current: AppSpec) =>
  checkCompat(baseline, current, { now: NOW }).changes.map((f) => [
    f.function,
    f.path ?? "",
    f.rule,
    f.level,
  ]);

const send = args({ body: v.string(), author: v.string() });

describe("functions", () => {
  test("FUNCTION_NO_DELETE: a removed function breaks old callers", () => {
    expect(rows(app({ "messages:send": fn(send) }), app({}))).toEqual([
      ["messages:send", "", "FUNCTION_NO_DELETE", "breaking"],
    ]);
  });
  test("FUNCTION_NO_DELETE says 'looks like a rename' when an added function of the same kind accepts the old args", () => {
    const result = checkCompat(
      app({ "messages:send": fn(send) }),
      app({ "messages:post": fn(send) }),
      { now: NOW },
    );
    expect(result.changes[0]!.message).toContain(
      'looks like a rename of "messages:send" → "messages:post"',
    );
    expect(result.changes[0]!.fix).toContain('    name: "send", // the deleted export, kept alive');
    expect(result.changes[0]!.fix).toContain('defineVersioned(mutation, { name: "post" })');
  });
  test("several added functions take the old args: the one named for it, or no rename hint", () => {
    // Seen on a public app: `publish`, `unpublish` and `_delete` of one module became three modules
    // of their own, all taking `{ listId }`; each was "a rename" to `deleteList`, whose handler the
    // fixes would have served old "publish" calls with.
    const list = args({ listId: v.string() });
    const result = checkCompat(
      app({
        "lists:publish": fn(list),
        "lists:unpublish": fn(list),
        "lists:_delete": fn(list),
        "lists:archive": fn(list),
      }),
      app({
        "deleteList:default": fn(list),
        "publishList:default": fn(list),
        "unpublishList:default": fn(list),
      }),
      { now: NOW },
    );
    const hint = (f: string) =>
      /looks like a rename of "[^"]+" → "([^"]+)"/.exec(
        result.changes.find((c) => c.function === f)!.message,
      )?.[1];
    expect(hint("lists:publish")).toBe("publishList:default");
    expect(hint("lists:unpublish")).toBe("unpublishList:default");
    expect(hint("lists:_delete")).toBe("deleteList:default");
    // Nothing named for it among three that fit: no guess.
    expect(hint("lists:archive")).toBeUndefined();
  });
  test("no rename hint when the added function would reject old calls", () => {
    const result = checkCompat(
      app({ "messages:send": fn(send) }),
      app({ "messages:post": fn(args({ text: v.string() })) }),
      { now: NOW },
    );
    expect(result.changes[0]!.message).not.toContain("rename");
  });
  test("no rename hint between argless functions that return nothing: any of them fits any call", () => {
    const migration = (returns: ValidatorJSON | null = null) =>
      fn(args({}), null, {
        visibility: "internal",
        ...(returns ? { returnsInferred: returns } : {}),
      });
    const nothing: ValidatorJSON = { type: "null", void: true };
    const result = checkCompat(
      app({ "migrations:addDefaults": migration(nothing) }),
      app({ "migrations:removeStale": migration(nothing) }),
      { now: NOW },
    );
    expect(result.changes[0]!.message).not.toContain("rename");
    // The same return contract, one that says something, and a single candidate: a rename.
    const counted = checkCompat(
      app({ "stats:count": migration(j(v.number())) }),
      app({ "stats:total": migration(j(v.number())) }),
      { now: NOW },
    );
    expect(counted.changes[0]!.message).toContain(
      'looks like a rename of "stats:count" → "stats:total"',
    );
  });
  test("FUNCTION_NO_MOVE: same export name in another module", () => {
    const result = checkCompat(
      app({ "messages:send": fn(send) }),
      app({ "chat/messages:send": fn(send) }),
      { now: NOW },
    );
    expect(result.changes.map((f) => f.rule)).toEqual(["FUNCTION_NO_MOVE"]);
    expect(result.changes[0]!.fix).toContain('export { send } from "./chat/messages";');
  });
  test("internal functions: no clients in any finding, and no warning where no job can meet it", () => {
    // Seen on two public apps: a status union gaining a member in an internal query's result was
    // dangerous and spoke of "old clients"; a rename said "Old clients still call".
    const status = (...s: string[]) => j(v.union(...s.map((x) => v.literal(x))));
    const internalQuery = (a: ValidatorJSON, r: ValidatorJSON | null = null) =>
      fn(a, r, { kind: "query", visibility: "internal" });
    const result = checkCompat(
      app({
        "jobs:kind": internalQuery(args({}), status("a", "b")),
        "jobs:lookup": internalQuery(args({ id: v.string() }), j(v.string())),
        "jobs:run": fn(args({}), j(v.object({ ok: v.boolean() })), { visibility: "internal" }),
      }),
      app({
        "jobs:kind": internalQuery(args({}), status("a", "b", "c")),
        "jobs:find": internalQuery(args({ id: v.string() }), j(v.string())),
        "jobs:run": fn(args({}), j(v.object({ ok: v.boolean(), at: v.number() })), {
          visibility: "internal",
        }),
      }),
      { now: NOW },
    );
    expect(result.changes.map((f) => [f.function, f.rule, f.level])).toEqual([
      ["jobs:kind", "RETURNS_UNION_MEMBER_ADDED", "info"],
      ["jobs:lookup", "INTERNAL_FUNCTION_CHANGED", "info"],
      ["jobs:run", "RETURNS_FIELD_ADDED", "info"],
    ]);
    const text = result.changes.map((f) => `${f.message}\n${f.fix ?? ""}`).join("\n");
    expect(text).not.toMatch(/(old|new) clients/i);
    expect(result.changes[0]!.message).toContain(
      '"jobs:kind" is an internal query: no client calls it and no job can be scheduled for it',
    );
    expect(result.changes[1]!.message).toContain("Actions running across the deploy still call");
  });
  test("a public function that reappears internal in another module is removed, not moved", () => {
    // Seen on a public app: a re-export of the internal one, the move's fix, is internal too.
    const result = checkCompat(
      app({ "subscriptions:get": fn(send) }),
      app({ "queries:get": fn(send, null, { visibility: "internal" }) }),
      { now: NOW },
    );
    expect(result.changes.map((f) => f.rule)).toEqual(["FUNCTION_NO_DELETE"]);
    expect(result.changes[0]!.message).toBe(
      'Function "subscriptions:get" was removed; old clients still call it. Its name now belongs to the internal "queries:get", which clients cannot call.',
    );
    expect(result.changes[0]!.fix).not.toContain("export { get }");
  });
  test("FUNCTION_KIND_SAME: a mutation turned action", () => {
    expect(
      rows(app({ "a:f": fn(send) }), app({ "a:f": fn(send, null, { kind: "action" }) })),
    ).toEqual([["a:f", "", "FUNCTION_KIND_SAME", "breaking"]]);
  });
  test("FUNCTION_NO_INTERNALIZE: public → internal; internal → public is fine", () => {
    expect(
      rows(app({ "a:f": fn(send) }), app({ "a:f": fn(send, null, { visibility: "internal" }) })),
    ).toEqual([["a:f", "", "FUNCTION_NO_INTERNALIZE", "breaking"]]);
    expect(
      rows(app({ "a:f": fn(send, null, { visibility: "internal" }) }), app({ "a:f": fn(send) })),
    ).toEqual([]);
  });
  test("a new function is not news to old clients", () => {
    expect(rows(app({}), app({ "a:f": fn(send) }))).toEqual([]);
  });
});

describe("args", () => {
  const pair = (after: ReturnType<typeof args>) =>
    rows(app({ "messages:send": fn(send) }), app({ "messages:send": fn(after) }));
  test("ARG_NO_DELETE, even for an optional arg", () => {
    expect(
      rows(
        app({ "a:f": fn(args({ a: v.string(), b: v.optional(v.string()) })) }),
        app({ "a:f": fn(args({ a: v.string() })) }),
      ),
    ).toEqual([["a:f", "args.b", "ARG_NO_DELETE", "breaking"]]);
  });
  test("ARG_NO_ADD_REQUIRED; an added optional arg is fine", () => {
    expect(pair(args({ body: v.string(), author: v.string(), channel: v.string() }))).toEqual([
      ["messages:send", "args.channel", "ARG_NO_ADD_REQUIRED", "breaking"],
    ]);
    expect(
      pair(args({ body: v.string(), author: v.string(), channel: v.optional(v.string()) })),
    ).toEqual([]);
  });
  test("ARG_OPTIONAL_TO_REQUIRED", () => {
    expect(
      rows(
        app({ "a:f": fn(args({ n: v.optional(v.number()) })) }),
        app({ "a:f": fn(args({ n: v.number() })) }),
      ),
    ).toEqual([["a:f", "args.n", "ARG_OPTIONAL_TO_REQUIRED", "breaking"]]);
  });
  test("ARG_TYPE_NO_NARROW at a nested path", () => {
    const before = args({
      items: v.array(v.object({ kind: v.union(v.literal("a"), v.literal("b")) })),
    });
    const after = args({ items: v.array(v.object({ kind: v.literal("a") })) });
    expect(rows(app({ "a:f": fn(before) }), app({ "a:f": fn(after) }))).toEqual([
      ["a:f", "args.items[].kind", "ARG_TYPE_NO_NARROW", "breaking"],
    ]);
  });
});

describe("returns", () => {
  const r = (before: unknown, after: unknown) =>
    rows(app({ "a:f": fn(send, before as never) }), app({ "a:f": fn(send, after as never) }));
  test("RETURNS_TYPE_SAME", () =>
    expect(r(j(v.string()), j(v.number()))).toEqual([
      ["a:f", "returns", "RETURNS_TYPE_SAME", "breaking"],
    ]));
  test("RETURNS_FIELD_NO_DELETE", () =>
    expect(r(args({ author: v.string(), id: v.string() }), args({ id: v.string() }))).toEqual([
      ["a:f", "returns.author", "RETURNS_FIELD_NO_DELETE", "breaking"],
    ]));
  test("RETURNS_NO_LOOSEN: optional and nullable", () => {
    expect(r(args({ author: v.string() }), args({ author: v.optional(v.string()) }))).toEqual([
      ["a:f", "returns.author", "RETURNS_NO_LOOSEN", "breaking"],
    ]);
    expect(
      r(args({ author: v.string() }), args({ author: v.union(v.string(), v.null()) })),
    ).toEqual([["a:f", "returns.author", "RETURNS_NO_LOOSEN", "breaking"]]);
  });
  test("RETURNS_NO_LOOSEN: an early return whose field is null beside the old shape", () => {
    // `if (!thread) return { page: [], continueCursor: null, isDone: true }` before a paginate().
    const page = { page: v.array(v.string()), isDone: v.boolean() };
    const result = checkCompat(
      app({ "a:f": fn(send, j(v.object({ ...page, continueCursor: v.string() }))) }),
      app({
        "a:f": fn(
          send,
          j(
            v.union(
              v.object({ ...page, continueCursor: v.null() }),
              v.object({ ...page, continueCursor: v.string() }),
            ),
          ),
        ),
      }),
      { now: NOW },
    );
    expect(result.changes.map((f) => [f.path, f.rule, f.level])).toEqual([
      ["returns.continueCursor", "RETURNS_NO_LOOSEN", "breaking"],
    ]);
    expect(result.changes[0]!.message).toContain('"continueCursor" of "a:f" can now be null');
  });
  test("RETURNS_UNION_MEMBER_ADDED is dangerous, not breaking", () => {
    const result = checkCompat(
      app({ "a:f": fn(send, j(v.union(v.literal("a"), v.literal("b")))) }),
      app({ "a:f": fn(send, j(v.union(v.literal("a"), v.literal("b"), v.literal("c")))) }),
      { now: NOW },
    );
    expect(result.ok).toBe(true);
    expect(result.changes.map((f) => [f.rule, f.level])).toEqual([
      ["RETURNS_UNION_MEMBER_ADDED", "dangerous"],
    ]);
  });
  test("RETURNS_FIELD_ADDED is info", () =>
    expect(r(args({ id: v.string() }), args({ id: v.string(), at: v.number() }))).toEqual([
      ["a:f", "returns.at", "RETURNS_FIELD_ADDED", "info"],
    ]));
  test("RETURNS_BECAME_ANY is dangerous", () =>
    expect(r(j(v.string()), j(v.any()))).toEqual([
      ["a:f", "returns", "RETURNS_BECAME_ANY", "dangerous"],
    ]));
  test("inferred returns are judged with the same rules and say so", () => {
    const before = { ...fn(send), returnsInferred: args({ author: v.string() }) };
    const after = { ...fn(send), returnsInferred: args({}) };
    const [f] = checkCompat(app({ "a:f": before }), app({ "a:f": after }), { now: NOW }).changes;
    expect(f).toMatchObject({
      rule: "RETURNS_FIELD_NO_DELETE",
      inferred: true,
      path: "returns.author",
    });
    expect(f!.message).toContain("(inferred from TypeScript types)");
    expect(f!.fix).toContain("Declare `returns`");
  });
  test("no contract on either side: nothing said", () => {
    expect(r(null, j(v.string()))).toEqual([]);
  });
});

describe("internal functions", () => {
  test("INTERNAL_FUNCTION_CHANGED: a breaking change to an internal function is dangerous, original rule kept", () => {
    const result = checkCompat(
      app({ "jobs:run": fn(send, null, { visibility: "internal" }) }),
      app({ "jobs:run": fn(args({ body: v.string() }), null, { visibility: "internal" }) }),
      { now: NOW },
    );
    expect(result.ok).toBe(true);
    expect(result.changes).toMatchObject([
      {
        rule: "INTERNAL_FUNCTION_CHANGED",
        level: "dangerous",
        originalRule: "ARG_NO_DELETE",
        path: "args.author",
      },
    ]);
  });
  test("…but info where no job can be hurt: an internal query (none can be scheduled), an internal result (a job's is discarded)", () => {
    const internalQuery = (a: ValidatorJSON, more: Partial<FunctionSpec> = {}) =>
      fn(a, null, { kind: "query", visibility: "internal", ...more });
    const result = checkCompat(
      app({
        "users:byEmail": internalQuery(args({ email: v.string() })),
        "users:prepare": internalQuery(args({})),
        "users:old": internalQuery(args({})),
        "users:send": fn(send, null, { visibility: "internal" }),
        "users:sign": fn(args({}), j(v.object({ key: v.string() })), { visibility: "internal" }),
      }),
      app({
        "users:byEmail": internalQuery(args({ address: v.string() })),
        "users:prepare": internalQuery(args({}), { kind: "mutation" }),
        "users:send": fn(args({ body: v.string() }), null, { visibility: "internal" }),
        "users:sign": fn(args({}), j(v.string()), { visibility: "internal" }),
      }),
      { now: NOW, levels: { INTERNAL_FUNCTION_CHANGED: "breaking" } },
    );
    expect(result.changes.map((f) => [f.function, f.path ?? "", f.originalRule, f.level])).toEqual([
      ["users:byEmail", "args.address", "ARG_NO_ADD_REQUIRED", "info"],
      ["users:byEmail", "args.email", "ARG_NO_DELETE", "info"],
      ["users:old", "", "FUNCTION_NO_DELETE", "info"],
      ["users:prepare", "", "FUNCTION_KIND_SAME", "info"],
      // An internal mutation keeps the level the team set for its args: its jobs may be pending.
      ["users:send", "args.author", "ARG_NO_DELETE", "breaking"],
      // Its result is read by no job: a scheduled job's result is discarded.
      ["users:sign", "returns", "RETURNS_TYPE_SAME", "info"],
    ]);
    expect(result.changes[0]!.message).toContain(
      "is an internal query: no client calls it and no job can be scheduled for it",
    );
    expect(result.changes[0]!.message).toMatch(/so reported as info \(ARG_NO_ADD_REQUIRED\)\.$/);
    expect(result.changes.at(-1)!.message).toContain("a scheduled job's result is discarded");
    // Who the old callers of an internal function are, in the rule's own sentence.
    const mutation = result.changes.find((f) => f.function === "users:send")!;
    expect(mutation.message).toContain("jobs scheduled before the deploy still send it");
    expect(result.changes[0]!.message).toContain(
      "actions running across the deploy do not send it",
    );
    expect(result.changes.map((f) => f.message).join("\n")).not.toContain("old clients");
    // Nor in the fixes; and where no job can meet the change, the fix does not send the reader
    // to count pending jobs (seen on a public app's internal queries).
    expect(result.changes.map((f) => f.fix).join("\n")).not.toMatch(/(old|new) clients/);
    expect(result.changes[0]!.fix).toMatch(/^No scheduled job can meet this change/);
    expect(result.changes[0]!.fix).not.toContain("--pending");
    expect(mutation.fix).toMatch(/^Make sure no job is pending for the old shape/);
    const removed = result.changes.find((f) => f.function === "users:old")!;
    expect(removed.fix).toContain("so actions running across the deploy keep working");
  });
});

describe("versioned exports and lifecycle", () => {
  const v1 = version("2026-06-01", send, j(v.id("messages")), {
    deprecated: { since: "2026-10-01", removeAfter: "2026-11-01" },
  });
  const v2 = version(
    "2026-10-01",
    args({ channelId: v.id("channels"), text: v.string() }),
    j(v.id("messages")),
  );
  test("VERSION_REMOVED_AFTER_SUNSET: deleting a version past removeAfter is allowed", () => {
    expect(
      rows(app({ "m:send": versioned([v1, v2]) }), app({ "m:send": versioned([v2]) })),
    ).toEqual([["m:send", "", "VERSION_REMOVED_AFTER_SUNSET", "info"]]);
  });
  test("REMOVED_BEFORE_SUNSET: deleting it before removeAfter is breaking", () => {
    const early = { ...v1, deprecated: { since: "2026-10-01", removeAfter: "2026-12-01" } };
    const result = checkCompat(
      app({ "m:send": versioned([early, v2]) }),
      app({ "m:send": versioned([v2]) }),
      { now: NOW },
    );
    expect(result.changes.map((f) => [f.rule, f.level, f.version])).toEqual([
      ["REMOVED_BEFORE_SUNSET", "breaking", "2026-06-01"],
    ]);
    expect(result.ok).toBe(false);
  });
  test("a whole function deleted past its sunset is allowed; before it, not", () => {
    expect(rows(app({ "m:send": versioned([v1]) }), app({}))).toEqual([
      ["m:send", "", "VERSION_REMOVED_AFTER_SUNSET", "info"],
    ]);
    const early = { ...v1, deprecated: { since: "2026-10-01", removeAfter: "2027-01-01" } };
    expect(rows(app({ "m:send": versioned([early]) }), app({}))).toEqual([
      ["m:send", "", "REMOVED_BEFORE_SUNSET", "breaking"],
    ]);
  });
  test("the dispatcher's view: an old shape still accepted by another version is not a break", () => {
    // v2 is edited in place, but v1's shape is still served: old v1 clients keep working.
    const v2b = version(
      "2026-10-01",
      args({ channelId: v.id("channels"), text: v.string(), format: v.string() }),
      j(v.id("messages")),
    );
    expect(
      rows(app({ "m:send": versioned([v1, v2]) }), app({ "m:send": versioned([v1, v2b]) })),
    ).toEqual([["m:send", "args.format", "ARG_NO_ADD_REQUIRED", "breaking"]]);
  });
  test("VERSION_TOMBSTONED: a served version turned into a tombstone", () => {
    const tomb = version("2026-06-01", { type: "any" }, null, { removed: { since: "2026-11-01" } });
    expect(rows(app({ "m:send": versioned([v1]) }), app({ "m:send": versioned([tomb]) }))).toEqual([
      ["m:send", "", "VERSION_TOMBSTONED", "info"],
    ]);
  });
  test("TOMBSTONE_DELETED: deleting a tombstone is info", () => {
    const tomb = version("2026-06-01", { type: "any" }, null, { removed: { since: "2026-11-01" } });
    expect(rows(app({ "m:post": versioned([tomb]) }), app({}))).toEqual([
      ["m:post", "", "TOMBSTONE_DELETED", "info"],
    ]);
  });
  test("SUNSET_NO_SHORTEN and VERSION_DEPRECATED", () => {
    const later = { ...v1, deprecated: { since: "2026-10-01", removeAfter: "2027-03-01" } };
    const sooner = { ...v1, deprecated: { since: "2026-10-01", removeAfter: "2027-01-01" } };
    expect(
      rows(app({ "m:send": versioned([later, v2]) }), app({ "m:send": versioned([sooner, v2]) })),
    ).toEqual([["m:send", "", "SUNSET_NO_SHORTEN", "breaking"]]);
    const fresh = { ...v1, deprecated: undefined };
    expect(
      rows(app({ "m:send": versioned([fresh, v2]) }), app({ "m:send": versioned([later, v2]) })),
    ).toEqual([["m:send", "", "VERSION_DEPRECATED", "info"]]);
  });
  test("VERSIONED_OVERLAP_RETURNS: two versions accept one call but return different shapes", () => {
    const a = version("2026-01-01", args({ id: v.string() }), j(v.string()));
    const b = version(
      "2026-02-01",
      args({ id: v.string(), full: v.optional(v.boolean()) }),
      args({ title: v.string() }),
    );
    const result = checkCompat(
      app({ "p:get": versioned([a]) }),
      app({ "p:get": versioned([a, b]) }),
      { now: NOW },
    );
    expect(result.changes.map((f) => [f.rule, f.level])).toEqual([
      ["VERSIONED_OVERLAP_RETURNS", "dangerous"],
    ]);
    // Already overlapping in the baseline: not news.
    expect(
      checkCompat(app({ "p:get": versioned([a, b]) }), app({ "p:get": versioned([a, b]) }), {
        now: NOW,
      }).changes,
    ).toEqual([]);
  });
  test("returns are judged per version: v1 clients still get v1's result", () => {
    const v2r = { ...v2, returns: args({ id: v.id("messages") }) };
    expect(
      rows(app({ "m:send": versioned([v1, v2]) }), app({ "m:send": versioned([v1, v2r]) })),
    ).toEqual([["m:send", "returns", "RETURNS_TYPE_SAME", "breaking"]]);
  });
});

describe("one side versioned, the other plain", () => {
  const old = version("2026-06-01", send, j(v.id("messages")), {
    deprecated: { since: "2026-10-01", removeAfter: "2026-11-01" },
  });
  const next = version(
    "2026-10-01",
    args({ channelId: v.id("channels"), text: v.string() }),
    args({ id: v.id("messages") }),
  );
  test("plain → versioned: old calls are judged against every served version, old results per version", () => {
    // The export's own returns are the union of both results; old calls still get "2026-06-01"'s.
    const plain = fn(send, j(v.id("messages")));
    const chain = versioned([{ ...old, deprecated: undefined }, next], {
      returns: j(v.union(v.id("messages"), v.object({ id: v.id("messages") }))),
    });
    expect(rows(app({ "m:send": plain }), app({ "m:send": chain }))).toEqual([]);
    // Without the old shape, the plain function's calls fail: reported without a version label.
    const result = checkCompat(app({ "m:send": plain }), app({ "m:send": versioned([next]) }), {
      now: NOW,
    });
    expect(result.changes.map((f) => [f.rule, f.path, f.version])).toEqual([
      ["ARG_NO_DELETE", "args.author", undefined],
      ["ARG_NO_DELETE", "args.body", undefined],
      ["ARG_NO_ADD_REQUIRED", "args.channelId", undefined],
      ["ARG_NO_ADD_REQUIRED", "args.text", undefined],
      ["RETURNS_TYPE_SAME", "returns", undefined],
    ]);
  });
  test("versioned → plain: the plain function plays the newest version; older ones were removed", () => {
    const plain = fn(next.args, next.returns);
    // The old version was past its removeAfter: dropping the chain is allowed.
    expect(rows(app({ "m:send": versioned([old, next]) }), app({ "m:send": plain }))).toEqual([
      ["m:send", "", "VERSION_REMOVED_AFTER_SUNSET", "info"],
    ]);
    const early = { ...old, deprecated: { since: "2026-10-01", removeAfter: "2027-01-01" } };
    expect(rows(app({ "m:send": versioned([early, next]) }), app({ "m:send": plain }))).toEqual([
      ["m:send", "args.author", "REMOVED_BEFORE_SUNSET", "breaking"],
    ]);
  });
});

describe("result", () => {
  test("ok is false exactly when an unwaived breaking change exists; order is by function then path", () => {
    const baseline = app({ "b:g": fn(send), "a:f": fn(args({ x: v.string(), y: v.string() })) });
    const current = app({ "a:f": fn(args({})) });
    const result = checkCompat(baseline, current, { now: NOW });
    expect(result.ok).toBe(false);
    expect(result.changes.map((f) => [f.function, f.path])).toEqual([
      ["a:f", "args.x"],
      ["a:f", "args.y"],
      ["b:g", undefined],
    ]);
    expect(checkCompat(baseline, baseline, { now: NOW })).toEqual({ ok: true, changes: [] });
  });
  test("a bad now is an input error", () => {
    expect(() => checkCompat(app({}), app({}), { now: "20.11.2026" })).toThrow(
      /now must be a YYYY-MM-DD date/,
    );
  });
});

describe("void results (issue 11 item 4)", () => {
  const VOID = { type: "null", void: true } as const;
  const spec = (returnsInferred: ValidatorJSON): FunctionSpec => ({
    kind: "mutation",
    visibility: "public",
    args: { type: "object", value: {} },
    returns: null,
    returnsInferred,
  });
  const judge = (before: ValidatorJSON, after: ValidatorJSON) =>
    checkCompat(
      { functions: { "jobs:run": spec(before) } },
      { functions: { "jobs:run": spec(after) } },
      { now: "2026-12-01" },
    );

  it("a handler that returned nothing and now returns a value is info for every client", () => {
    const result = judge(VOID, {
      type: "object",
      value: { id: { fieldType: { type: "string" }, optional: false } },
    });
    expect(result.ok).toBe(true);
    expect(result.changes.map((c) => [c.rule, c.level])).toEqual([["RETURNS_FROM_VOID", "info"]]);
  });

  it("void to a deliberate null is no change; a value to void is still a type change", () => {
    expect(judge(VOID, { type: "null" }).changes).toEqual([]);
    const lost = judge({ type: "string" }, VOID);
    expect(lost.ok).toBe(false);
    expect(lost.changes.map((c) => c.rule)).toEqual(["RETURNS_TYPE_SAME"]);
  });

  it("a lock written before void was recorded (null) against the same handler now (void): no change", () => {
    expect(judge({ type: "null" }, VOID).changes).toEqual([]);
  });

  it("a deliberate null that becomes a value stays breaking (clients read the null)", () => {
    expect(judge({ type: "null" }, { type: "string" }).ok).toBe(false);
  });
});
