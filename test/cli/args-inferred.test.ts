/**
 * Args of functions without validators (issue 11 item 5): the handler's parameter type is the
 * contract (`argsInferred`), so adding a validator of the same shape is no change, a narrower one
 * is breaking with an object witness, and a rename in TypeScript only (no validators anywhere) is
 * caught. Args witnesses are always objects: a client can send nothing else.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { cli } from "./helpers.ts";

const root = join(process.cwd(), "test/.tmp", `args-inferred-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const module = (args: string, param: string) => `import { mutationGeneric } from "convex/server";
import { v } from "convex/values";
export const rename = mutationGeneric({ ${args}handler: async (_ctx, ${param}) => null });
`;
const BEFORE = module("", "args: { name: string }");

interface Change {
  rule: string;
  witness?: unknown;
}

async function judge(after: string, before = BEFORE) {
  const app = join(root, `app-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(app, "convex"), { recursive: true });
  writeFileSync(join(app, "package.json"), "{}\n");
  writeFileSync(join(app, "convex/users.ts"), before);
  const snap = await cli(["snapshot"], app);
  expect(snap.code, snap.stderr).toBe(0);
  const lock = JSON.parse(readFileSync(join(app, "convex-versioned.lock.json"), "utf8"));
  writeFileSync(join(app, "convex/users.ts"), after);
  const run = await cli(["check", "--format", "json"], app);
  const changes = (JSON.parse(run.stdout).changes as Change[]).filter(
    (c) => c.rule !== "RETURNS_FROM_VOID",
  );
  return { code: run.code, changes, lock };
}

it("snapshot records the handler's parameter type as argsInferred", async () => {
  const { lock } = await judge(BEFORE);
  expect(lock.functions["users:rename"].argsInferred).toEqual({
    type: "object",
    value: { name: { fieldType: { type: "string" }, optional: false } },
  });
}, 120_000);

it("a validator of the same shape added: no finding", async () => {
  const { code, changes } = await judge(module("args: { name: v.string() }, ", "args"));
  expect({ code, changes }).toEqual({ code: 0, changes: [] });
}, 120_000);

it("a narrower validator added: breaking, with an object witness", async () => {
  const { code, changes } = await judge(
    module("args: { name: v.string(), age: v.number() }, ", "args"),
  );
  expect(code).toBe(1);
  expect(changes.map((c) => c.rule)).toEqual(["ARG_NO_ADD_REQUIRED"]);
  expect(changes[0]!.witness).toEqual({ name: expect.any(String) });
}, 120_000);

it("an `any` in the handler's type takes any value there: v.any() matches it, a type narrows it", async () => {
  const before = module("", "args: { room: string; data: any }");
  const same = await judge(module("args: { room: v.string(), data: v.any() }, ", "args"), before);
  expect({ code: same.code, changes: same.changes }).toEqual({ code: 0, changes: [] });
  const narrower = await judge(
    module("args: { room: v.string(), data: v.string() }, ", "args"),
    before,
  );
  expect(narrower.code).toBe(1);
  expect(narrower.changes.map((c) => c.rule)).toEqual(["ARG_TYPE_NO_NARROW"]);
}, 120_000);

it("against a baseline without TypeScript (a deployment's function spec): no validator then and now is no change", async () => {
  const app = join(root, `app-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(app, "convex"), { recursive: true });
  writeFileSync(join(app, "package.json"), "{}\n");
  writeFileSync(join(app, "convex/users.ts"), BEFORE);
  expect((await cli(["snapshot"], app)).code).toBe(0);
  // What `npx convex function-spec` knows of it: args any, no handler type.
  const lockFile = join(app, "convex-versioned.lock.json");
  const lock = JSON.parse(readFileSync(lockFile, "utf8"));
  delete lock.functions["users:rename"].argsInferred;
  writeFileSync(join(app, "spec-like.json"), JSON.stringify(lock));
  const run = async () => {
    const r = await cli(["check", "--baseline", "spec-like.json", "--format", "json"], app);
    return (JSON.parse(r.stdout).changes as Change[])
      .filter((c) => c.rule !== "RETURNS_FROM_VOID")
      .map((c) => c.rule);
  };
  expect(await run()).toEqual([]);
  // A validator is what the runtime checks: adding one narrows "anything".
  writeFileSync(join(app, "convex/users.ts"), module("args: { name: v.string() }, ", "args"));
  expect(await run()).toEqual(["ARG_TYPE_NO_NARROW"]);
}, 120_000);

it("args renamed in TypeScript only (no validators anywhere) is caught", async () => {
  const { code, changes } = await judge(module("", "args: { fullName: string }"));
  expect(code).toBe(1);
  expect(changes.map((c) => c.rule).sort()).toEqual(["ARG_NO_ADD_REQUIRED", "ARG_NO_DELETE"]);
  for (const c of changes) expect(typeof c.witness).toBe("object");
}, 120_000);

it("an untyped handler gaining a validator: the witness is an object, never null", async () => {
  const { changes } = await judge(
    module("args: { name: v.string() }, ", "args"),
    module("", "args"),
  );
  expect(changes.length).toBeGreaterThan(0);
  for (const c of changes) {
    expect(c.witness).not.toBeNull();
    expect(typeof c.witness).toBe("object");
  }
}, 120_000);

it("a handler without an args parameter takes `{}`: optional args added later are no change", async () => {
  // Seen on a public app: `query({ handler: async (ctx) => … })` gaining `paginationOpts?` read as
  // "narrowed from any", with an invented `{ unexpected: null }`; typed clients send only `{}`.
  const before = `import { mutationGeneric } from "convex/server";
export const rename = mutationGeneric({ handler: async (_ctx) => null });
`;
  const optional = await judge(module("args: { limit: v.optional(v.number()) }, ", "args"), before);
  expect({ code: optional.code, changes: optional.changes }).toEqual({ code: 0, changes: [] });
  expect(optional.lock.functions["users:rename"].argsInferred).toEqual({
    type: "object",
    value: {},
  });
  const required = await judge(module("args: { name: v.string() }, ", "args"), before);
  expect(required.code).toBe(1);
  expect(required.changes.map((c) => c.rule)).toEqual(["ARG_NO_ADD_REQUIRED"]);
}, 120_000);
