/**
 * A new member of a returned union: a new variant of a kind the old union already had (a literal
 * beside literals, a tagged object beside tagged objects, an id beside ids) is
 * RETURNS_UNION_MEMBER_ADDED (dangerous); a member of a kind the old side did not have is a type
 * change (RETURNS_TYPE_SAME, breaking), with or without a `null` beside it, at every depth.
 */
import { v } from "convex/values";
import { describe, expect, test } from "vitest";
import { checkCompat } from "../../src/compat/index.ts";
import type { ValidatorJSON } from "../../src/meta.ts";
import { app, args, fn, j, NOW } from "./helpers.ts";

const rows = (before: ValidatorJSON, after: ValidatorJSON) =>
  checkCompat(
    app({ "users:get": fn(args({}), before) }),
    app({ "users:get": fn(args({}), after) }),
    {
      now: NOW,
    },
  ).changes.map((f) => [f.path ?? "", f.rule, f.level]);

const user = v.object({ _id: v.id("users"), name: v.string() });

describe("a type change inside a nullable result is breaking", () => {
  test("string | null → number | null", () => {
    expect(rows(j(v.union(v.string(), v.null())), j(v.union(v.number(), v.null())))).toEqual([
      ["returns", "RETURNS_TYPE_SAME", "breaking"],
    ]);
  });
  test('Id<"users"> | null → Doc<"users"> | null (the db.get / .unique() / ?? null shape)', () => {
    const result = checkCompat(
      app({ "users:get": fn(args({}), j(v.union(v.id("users"), v.null()))) }),
      app({ "users:get": fn(args({}), j(v.union(user, v.null()))) }),
      { now: NOW },
    );
    expect(result.ok).toBe(false);
    expect(result.changes.map((f) => [f.rule, f.level])).toEqual([
      ["RETURNS_TYPE_SAME", "breaking"],
    ]);
    expect(result.changes[0]!.message).toContain(
      'changed from Id<"users"> | null to { _id: Id<"users">; name: string } | null;',
    );
  });
  test("at every depth: a field, an array element, a record value", () => {
    const at = (x: ValidatorJSON): ValidatorJSON => ({
      type: "object",
      value: { f: { fieldType: x, optional: false } },
    });
    const was = j(v.union(v.string(), v.null()));
    const now = j(v.union(v.number(), v.null()));
    expect(rows(at(was), at(now))).toEqual([["returns.f", "RETURNS_TYPE_SAME", "breaking"]]);
    expect(rows({ type: "array", value: was }, { type: "array", value: now })).toEqual([
      ["returns[]", "RETURNS_TYPE_SAME", "breaking"],
    ]);
    const record = (x: ValidatorJSON): ValidatorJSON => ({
      type: "record",
      keys: { type: "string" },
      values: { fieldType: x, optional: false },
    });
    expect(rows(record(was), record(now))).toEqual([
      ["returns{}", "RETURNS_TYPE_SAME", "breaking"],
    ]);
  });
  test("a new kind beside several old kinds is still a type change", () => {
    expect(
      rows(j(v.union(v.string(), v.number())), j(v.union(v.string(), v.number(), v.boolean()))),
    ).toEqual([["returns", "RETURNS_TYPE_SAME", "breaking"]]);
  });
});

describe("a new variant of a kind the old union had is a new member (dangerous)", () => {
  test("a new literal beside literals, also inside a nullable union", () => {
    const status = (...s: string[]) => j(v.union(...s.map((x) => v.literal(x))));
    expect(rows(status("a", "b"), status("a", "b", "c"))).toEqual([
      ["returns", "RETURNS_UNION_MEMBER_ADDED", "dangerous"],
    ]);
    expect(
      rows(
        j(v.union(v.literal("a"), v.literal("b"), v.null())),
        j(v.union(v.literal("a"), v.literal("b"), v.literal("c"), v.null())),
      ),
    ).toEqual([["returns", "RETURNS_UNION_MEMBER_ADDED", "dangerous"]]);
  });
  test("a new id table beside ids", () => {
    expect(
      rows(j(v.union(v.id("a"), v.id("b"))), j(v.union(v.id("a"), v.id("b"), v.id("c")))),
    ).toEqual([["returns", "RETURNS_UNION_MEMBER_ADDED", "dangerous"]]);
  });
  test('a new variant of a discriminated union is a new member, not "kind changed from a to c"', () => {
    const a = v.object({ kind: v.literal("a"), x: v.string() });
    const b = v.object({ kind: v.literal("b"), y: v.number() });
    const c = v.object({ kind: v.literal("c"), z: v.boolean() });
    const result = checkCompat(
      app({ "e:get": fn(args({}), j(v.union(a, b))) }),
      app({ "e:get": fn(args({}), j(v.union(a, b, c))) }),
      { now: NOW },
    );
    expect(result.ok).toBe(true);
    expect(result.changes.map((f) => [f.path, f.rule, f.level])).toEqual([
      ["returns", "RETURNS_UNION_MEMBER_ADDED", "dangerous"],
    ]);
    expect(result.changes[0]!.message).toContain('kind: "c"');
    // …in an array of events too, and a changed field of an existing variant is still breaking.
    const b2 = v.object({ kind: v.literal("b"), y: v.string() });
    expect(rows(j(v.array(v.union(a, b))), j(v.array(v.union(a, b2, c))))).toEqual([
      ["returns[]", "RETURNS_UNION_MEMBER_ADDED", "dangerous"],
      ["returns[].y", "RETURNS_TYPE_SAME", "breaking"],
    ]);
  });
  test("a new tag beside a single tagged object is that field changing (breaking)", () => {
    const a = v.object({ kind: v.literal("a") });
    const b = v.object({ kind: v.literal("b") });
    expect(rows(j(v.union(a, v.null())), j(v.union(b, v.null())))).toEqual([
      ["returns.kind", "RETURNS_TYPE_SAME", "breaking"],
    ]);
  });
});

describe("a change every member of a union makes alike is reported once", () => {
  // A `users` table whose documents are a union of kinds, read by `db.get` (seen on a public
  // app's history: each kind gained `roleNames`, and each was reported).
  const kinds = (extra: Record<string, ReturnType<typeof v.string>>) =>
    j(
      v.union(
        v.null(),
        v.object({ type: v.literal("full"), name: v.string(), ...extra }),
        v.object({ type: v.literal("anonymous"), ...extra }),
      ),
    );
  test("a field added to both kinds: one RETURNS_FIELD_ADDED", () => {
    expect(rows(kinds({}), kinds({ roleNames: v.string() }))).toEqual([
      ["returns.roleNames", "RETURNS_FIELD_ADDED", "info"],
    ]);
  });
});

describe("a returned literal that now holds more values of its type is a new member (dangerous)", () => {
  // `{ ok: true as const }` → `{ ok: true }`: the inferred type widens to boolean, the value is the
  // same (seen on a public app, where nearly every mutation returns `ok: true as const`).
  test('true → boolean, "a" → string, 1 → number, 1n → int64: widened, at the field\'s path', () => {
    const ok = (x: Parameters<typeof j>[0]) => j(v.object({ ok: x }));
    for (const [was, now] of [
      [v.literal(true), v.boolean()],
      [v.literal("a"), v.string()],
      [v.literal(1), v.number()],
      [v.literal(1n), v.int64()],
    ] as const) {
      expect(rows(ok(was), ok(now))).toEqual([
        ["returns.ok", "RETURNS_UNION_MEMBER_ADDED", "dangerous"],
      ]);
    }
    const result = checkCompat(
      app({ "users:get": fn(args({}), ok(v.literal(true))) }),
      app({ "users:get": fn(args({}), ok(v.boolean())) }),
      { now: NOW },
    );
    expect(result.ok).toBe(true);
    expect(result.changes[0]!.message).toContain(
      'Returned field "ok" of "users:get" widened from true to boolean; old clients may not handle the values it adds.',
    );
  });
  test("a single literal gaining a literal, or its type beside null", () => {
    expect(rows(j(v.literal("a")), j(v.union(v.literal("a"), v.literal("b"))))).toEqual([
      ["returns", "RETURNS_UNION_MEMBER_ADDED", "dangerous"],
    ]);
    expect(rows(j(v.literal("a")), j(v.union(v.string(), v.null())))).toEqual([
      ["returns", "RETURNS_NO_LOOSEN", "breaking"],
      ["returns", "RETURNS_UNION_MEMBER_ADDED", "dangerous"],
    ]);
  });
  test("another type, another literal or an id is still a type change (breaking)", () => {
    expect(rows(j(v.literal("a")), j(v.number()))).toEqual([
      ["returns", "RETURNS_TYPE_SAME", "breaking"],
    ]);
    expect(rows(j(v.literal(1)), j(v.int64()))).toEqual([
      ["returns", "RETURNS_TYPE_SAME", "breaking"],
    ]);
    expect(rows(j(v.literal("a")), j(v.literal("b")))).toEqual([
      ["returns", "RETURNS_TYPE_SAME", "breaking"],
    ]);
    expect(rows(j(v.id("users")), j(v.union(v.id("users"), v.id("teams"))))).toEqual([
      ["returns", "RETURNS_TYPE_SAME", "breaking"],
    ]);
  });
  test("args: a literal that became its type takes what old clients send (nothing)", () => {
    const result = checkCompat(
      app({ "users:set": fn(args({ on: v.literal(true) })) }),
      app({ "users:set": fn(args({ on: v.boolean() })) }),
      { now: NOW },
    );
    expect(result.changes).toEqual([]);
  });
});

describe("a field several new variants lack is reported once", () => {
  // Seen on a public app's history: `{ storageId, success }` became a union of three results, two
  // without `storageId`; each reported it, with the same fingerprint and only the witness differing.
  test("one RETURNS_FIELD_NO_DELETE, not one per variant", () => {
    const before = j(v.object({ url: v.string(), ok: v.boolean() }));
    const after = j(
      v.union(
        v.object({ url: v.string(), ok: v.boolean() }),
        v.object({ ok: v.boolean() }),
        v.object({ ok: v.boolean(), reason: v.string() }),
      ),
    );
    expect(rows(before, after)).toEqual([
      ["returns.reason", "RETURNS_FIELD_ADDED", "info"],
      ["returns.url", "RETURNS_FIELD_NO_DELETE", "breaking"],
    ]);
  });
});

describe("a changed variant of a returned union is judged against the variant it was", () => {
  // Seen on a public app: `if (!auth) return { lists }; return { user, … }` changed only its
  // second shape, and was reported as `lists` removed and every field of it added.
  const lists = v.object({ lists: v.array(v.number()) });
  test("the variant sharing its fields, not the first one as far off", () => {
    expect(
      rows(
        j(v.union(lists, v.object({ user: v.object({ f: v.boolean() }) }))),
        j(v.union(lists, v.object({ user: v.object({ f: v.optional(v.boolean()) }) }))),
      ),
    ).toEqual([["returns.user.f", "RETURNS_NO_LOOSEN", "breaking"]]);
    const follows = (f: string) => v.array(v.object({ [f]: v.string() }));
    expect(
      rows(
        j(v.union(lists, v.object({ user: v.string(), follows: follows("followerId") }))),
        j(v.union(lists, v.object({ auth: v.string(), follows: follows("name") }))),
      ),
    ).toEqual([
      ["returns.auth", "RETURNS_FIELD_ADDED", "info"],
      ["returns.follows[].followerId", "RETURNS_FIELD_NO_DELETE", "breaking"],
      ["returns.follows[].name", "RETURNS_FIELD_ADDED", "info"],
      ["returns.user", "RETURNS_FIELD_NO_DELETE", "breaking"],
    ]);
  });
});
