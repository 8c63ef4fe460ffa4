/**
 * An ID's table, read from the deployed code: where the deployed args validator takes only
 * `v.id("users")`, a stored ID is of "users", and the new code's `v.id("accounts")` there rejects it,
 * as the backend does (`TableNamesDoNotMatch` in crates/common/src/schemas/validator.rs
 * `check_value`). Where the deployed code could have taken another string there, nothing is known
 * and the ID is judged by its form alone. convex-test cannot be the oracle: its ids are not the
 * backend's (see test/runtime/pending-accepts.test.ts).
 */
import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import type { ValidatorJSON } from "../../src/meta.ts";
import type { AppSpec, FunctionSpec } from "../../src/model.ts";
import { readJobs } from "../../src/pending/jobs.ts";
import { argsRejection, PendingJudge } from "../../src/pending/judge.ts";
import { withStoredTables } from "../../src/pending/stored-tables.ts";
import { documentId } from "./ids.ts";

const id = (tableName: string): ValidatorJSON => ({ type: "id", tableName });
const str: ValidatorJSON = { type: "string" };
const any: ValidatorJSON = { type: "any" };
const nul: ValidatorJSON = { type: "null" };
const union = (...value: ValidatorJSON[]): ValidatorJSON => ({ type: "union", value });
const array = (value: ValidatorJSON): ValidatorJSON => ({ type: "array", value });
const record = (keys: ValidatorJSON, value: ValidatorJSON): ValidatorJSON => ({
  type: "record",
  keys,
  values: { fieldType: value, optional: false },
});
const obj = (fields: Record<string, ValidatorJSON>): ValidatorJSON => ({
  type: "object",
  value: Object.fromEntries(
    Object.entries(fields).map(([k, f]) => [k, { fieldType: f, optional: false }]),
  ),
});

const userId = documentId(3, 7);
const rejected = (got: string, path = "args.to", expected = 'Id<"accounts">') => ({
  path,
  expected,
  got,
});

/** The verdict on `args` of the new `shapes`, knowing the deployed function's `deployed` shapes. */
const judged = (shapes: ValidatorJSON[], deployed: ValidatorJSON[], args: unknown) =>
  argsRejection(withStoredTables(shapes, deployed), args as never);

describe("an ID's table, known from the deployed args", () => {
  test("deployed v.id(users), new v.id(accounts): a stored ID is rejected as a users ID", () => {
    const deployed = [obj({ to: id("users") })];
    const now = [obj({ to: id("accounts") })];
    expect(judged(now, deployed, { to: userId })).toEqual(rejected('Id<"users">'));
    // Still what it was for anything else: not an ID, not a string.
    expect(judged(now, deployed, { to: "user-7" })).toEqual(rejected("non-ID string"));
    expect(judged(now, deployed, { to: 7 })).toEqual(rejected("number"));
    // Without the deployed side, the ID passes on its form (its table cannot be read from it).
    expect(argsRejection(now, { to: userId })).toBeUndefined();
  });

  test("the same table, or no id where the new code has one: validators untouched", () => {
    const now = [obj({ to: id("users"), note: str })];
    expect(withStoredTables(now, [obj({ to: id("users"), note: str })])[0]).toBe(now[0]);
    expect(withStoredTables(now, [obj({ to: str, note: str })])[0]).toBe(now[0]);
    // Shapes that take no ID anywhere are handed back as they are, the deployed side unread.
    const noIds = [obj({ to: str, by: record(str, array(union(nul, str))) })];
    expect(withStoredTables(noIds, [obj({ to: id("users") })])).toBe(noIds);
    expect(
      judged([obj({ to: id("accounts") })], [obj({ from: id("users") })], { to: userId }),
    ).toBe(undefined);
  });

  test("unknown where the deployed code could take another string there", () => {
    const now = [obj({ to: id("accounts") })];
    for (const there of [
      union(id("users"), str),
      union(id("users"), id("members")),
      union(id("users"), { type: "literal", value: "me" }),
      any,
      { type: "function" } as ValidatorJSON,
      { type: "uuid" } as unknown as ValidatorJSON,
    ]) {
      expect(judged(now, [obj({ to: there })], { to: userId })).toBeUndefined();
    }
    // `any` above the place: anything may be stored below it.
    expect(
      judged([obj({ meta: obj({ to: id("accounts") }) })], [obj({ meta: any })], {
        meta: { to: userId },
      }),
    ).toBeUndefined();
    // Versions served by the deployed function that disagree on the table.
    expect(
      judged(now, [obj({ to: id("users") }), obj({ to: id("members") })], { to: userId }),
    ).toBeUndefined();
  });

  test("known where the deployed members that take no string leave one table", () => {
    const now = [obj({ to: id("accounts") })];
    expect(judged(now, [obj({ to: union(id("users"), nul) })], { to: userId })).toEqual(
      rejected('Id<"users">'),
    );
    expect(
      judged(now, [obj({ to: id("users") }), obj({ to: union(id("users"), obj({})) })], {
        to: userId,
      }),
    ).toEqual(rejected('Id<"users">'));
  });

  test("a new union that still takes the old table, or a served old version, accepts the job", () => {
    const deployed = [obj({ to: id("users") })];
    expect(
      judged([obj({ to: union(id("accounts"), id("users")) })], deployed, { to: userId }),
    ).toBeUndefined();
    // defineVersioned: the new version takes accounts, the old one (still served) users.
    expect(
      judged([obj({ to: id("accounts") }), obj({ to: id("users") })], deployed, { to: userId }),
    ).toBeUndefined();
  });

  test("through arrays, record keys and values, and objects inside unions", () => {
    expect(
      judged([obj({ to: array(id("accounts")) })], [obj({ to: array(id("users")) })], {
        to: [userId],
      }),
    ).toEqual(rejected('Id<"users">', "args.to[0]"));
    expect(
      judged([obj({ by: record(id("accounts"), str) })], [obj({ by: record(id("users"), str) })], {
        by: { [userId]: "x" },
      }),
    ).toEqual(
      rejected('Id<"users">', `args.by[${JSON.stringify(userId)}]`, 'a key of Id<"accounts">'),
    );
    expect(
      judged([obj({ by: record(str, id("accounts")) })], [obj({ by: record(str, id("users")) })], {
        by: { a: userId },
      }),
    ).toEqual(rejected('Id<"users">', 'args.by["a"]'));
    // An object's fields became a record's values: the old fields say what the values hold.
    expect(
      judged([obj({ by: record(str, id("accounts")) })], [obj({ by: obj({ a: id("users") }) })], {
        by: { a: userId },
      }),
    ).toEqual(rejected('Id<"users">', 'args.by["a"]'));
    const kinds = (table: string) =>
      union(
        obj({ kind: { type: "literal", value: "dm" }, to: id(table) }),
        obj({ kind: { type: "literal", value: "all" } }),
      );
    // Rejected by every member: the union names itself (two objects, neither more apt).
    expect(judged([kinds("accounts")], [kinds("users")], { kind: "dm", to: userId })).toEqual({
      path: "args",
      expected: '{ kind: "dm"; to: Id<"accounts"> } | { kind: "all" }',
      got: "object",
    });
    expect(judged([kinds("users")], [kinds("users")], { kind: "dm", to: userId })).toBeUndefined();
  });
});

describe("the judge reads the deployed function", () => {
  const fn = (args: ValidatorJSON): FunctionSpec => ({
    kind: "mutation",
    visibility: "internal",
    args,
    returns: null,
  });
  const app = (args: ValidatorJSON): AppSpec => ({
    functions: { "mail:send": fn(args) },
    httpRoutes: [],
  });
  const line = (jobId: string, to: unknown) =>
    `{ "_creationTime": 1, "_id": "${jobId}", "args": [{ "to": ${JSON.stringify(to)} }], "name": "mail.js:send", "scheduledTime": 1796083200000, "state": { "kind": "pending" } }`;

  test("from the bytes of a queue too: the quick test leaves a known-table ID to the judgement", async () => {
    const judge = new PendingJudge(
      app(obj({ to: id("accounts") })),
      app(obj({ to: id("users") })),
      "2026-12-01",
    );
    const text = [line("j1", userId), line("j2", userId), line("j3", "not-an-id")].join("\n");
    await readJobs(Readable.from([Buffer.from(text)]), "q.jsonl", judge);
    expect(judge.judged).toBe(3);
    const [finding] = judge.findings();
    expect(finding).toMatchObject({ rule: "PENDING_ARGS_REJECTED", function: "mail:send" });
    expect(finding!.pending).toMatchObject({
      jobs: 3,
      witnesses: [
        { job: "j1", path: "args.to", expected: 'Id<"accounts">', got: 'Id<"users">' },
        { job: "j2", path: "args.to", expected: 'Id<"accounts">', got: 'Id<"users">' },
        { job: "j3", path: "args.to", expected: 'Id<"accounts">', got: "non-ID string" },
      ],
    });
    // The fix serves the args the jobs were scheduled with.
    expect(finding!.fix).toContain('args: { to: v.id("users") }, // the baseline\'s args');
  });

  test("an unchanged table is read from the bytes and accepted", async () => {
    const both = app(obj({ to: id("users") }));
    const judge = new PendingJudge(both, both, "2026-12-01");
    await readJobs(Readable.from([Buffer.from(line("j1", userId))]), "q.jsonl", judge);
    expect([judge.judged, judge.findings()]).toEqual([1, []]);
  });
});
