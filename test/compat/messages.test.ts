/** Exact text of a few findings: past tense, subject first, names quoted. */
import { v } from "convex/values";
import { expect, test } from "vitest";
import { checkCompat } from "../../src/compat/index.ts";
import { app, args, fn, j, NOW } from "./helpers.ts";

const messages = (before: ReturnType<typeof fn>, after: ReturnType<typeof fn>) =>
  checkCompat(app({ "messages:send": before }), app({ "messages:send": after }), {
    now: NOW,
  }).changes.map((f) => f.message);

test("a removed arg", () => {
  expect(
    messages(fn(args({ body: v.string(), author: v.string() })), fn(args({ author: v.string() }))),
  ).toEqual([
    'Argument "body" was removed from "messages:send"; old clients still send it and Convex rejects unknown fields.',
  ]);
});

test("a narrowed literal set names an example old clients send", () => {
  expect(
    messages(
      fn(args({ kind: v.union(v.literal("a"), v.literal("b")) })),
      fn(args({ kind: v.literal("a") })),
    ),
  ).toEqual([
    'Argument "kind" of "messages:send" no longer accepts "b"; old clients may still send kind: "b".',
  ]);
});

test("a narrowed arg names what was lost and the value at its place, however long the call", () => {
  // Seen on a public app: the two 8-member unions and the whole example call were cut off
  // before `"overdue"`, the one thing that changed.
  const status = (...s: string[]) => v.union(...s.map((x) => v.literal(x)));
  const shared = "draft sent accepted rejected paid partial void".split(" ");
  const call = { organizationId: v.id("organizations"), lineItems: v.array(v.string()) };
  expect(
    messages(
      fn(args({ ...call, status: status(...shared, "overdue") })),
      fn(args({ ...call, status: status(...shared, "cancelled") })),
    ),
  ).toEqual([
    'Argument "status" of "messages:send" no longer accepts "overdue"; old clients may still send status: "overdue".',
  ]);
  expect(
    messages(
      fn(
        args({
          items: v.array(v.object({ n: v.number() })),
          meta: v.record(v.string(), v.number()),
        }),
      ),
      fn(
        args({ items: v.array(v.object({ n: v.int64() })), meta: v.record(v.string(), v.int64()) }),
      ),
    ),
  ).toEqual([
    'Argument "items[].n" of "messages:send" was narrowed from number to bigint; old clients may still send items[].n: 0.',
    'Argument "meta{}" of "messages:send" was narrowed from number to bigint; old clients may still send meta{}: 0.',
  ]);
});

test("a returned field made nullable", () => {
  const before = fn(args({}), args({ author: v.string() }));
  const after = fn(args({}), args({ author: v.union(v.string(), v.null()) }));
  expect(messages(before, after)).toEqual([
    'Returned field "author" of "messages:send" can now be null; old clients do not expect null.',
  ]);
});

test("a removed function and a required arg", () => {
  const result = checkCompat(app({ "messages:send": fn(args({})) }), app({}), { now: NOW });
  expect(result.changes[0]!.message).toBe(
    'Function "messages:send" was removed; old clients still call it.',
  );
  expect(messages(fn(args({})), fn(args({ channelId: v.id("channels") })))).toEqual([
    'Required argument "channelId" was added to "messages:send"; old clients do not send it.',
  ]);
});

test("a return type change", () => {
  expect(
    messages(fn(args({}), j(v.id("messages"))), fn(args({}), args({ id: v.id("messages") }))),
  ).toEqual([
    'The return value of "messages:send" changed from Id<"messages"> to { id: Id<"messages"> }; old clients cannot read the new value.',
  ]);
});

test("a result that can now also be something else names what was added", () => {
  // Seen on a public app: `T[]` → `T[] | { page, isDone, continueCursor }` printed both types cut
  // at their long shared start, reading "changed from { _creationTime… to { _creationTime…".
  const row = v.object({
    _creationTime: v.number(),
    displayNameOfUser: v.string(),
    pointsTotal: v.number(),
  });
  const page = v.object({ page: v.array(row), isDone: v.boolean(), continueCursor: v.string() });
  expect(
    messages(fn(args({}), j(v.array(row))), fn(args({}), j(v.union(v.array(row), page)))),
  ).toEqual([
    'The return value of "messages:send" can now also be { continueCursor: string; isDone: boolean; page: { _creationTime: number; displ…; old clients cannot read it.',
  ]);
});
