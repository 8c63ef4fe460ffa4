/**
 * A function that gains a `returns` validator looser than what its handler returns (issue 11 item
 * 3): clients receive what the handler returns, so its inferred shape is judged, not the looser
 * validator against the old inferred one. An unchanged handler gains a validator: no finding; a
 * handler that changed too is still judged on what it returns now.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { cli } from "./helpers.ts";

const root = join(process.cwd(), "test/.tmp", `declared-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const BEFORE = `import { queryGeneric } from "convex/server";
export const get = queryGeneric({ args: {}, handler: async () => ({ name: "ada", tags: ["a"] as string[] }) });
`;

const LOOSER = `import { queryGeneric } from "convex/server";
import { v } from "convex/values";
export const get = queryGeneric({
  args: {},
  returns: v.object({ name: v.optional(v.string()), tags: v.array(v.any()) }),
  handler: async () => ({ name: "ada", tags: ["a"] as string[] }),
});
`;

const CHANGED = `import { queryGeneric } from "convex/server";
import { v } from "convex/values";
export const get = queryGeneric({
  args: {},
  returns: v.object({ name: v.optional(v.string()), tags: v.array(v.any()) }),
  handler: async () => ({ tags: ["a"] as string[] }),
});
`;

async function judge(after: string) {
  const app = join(root, `app-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(app, "convex"), { recursive: true });
  writeFileSync(join(app, "package.json"), "{}\n");
  writeFileSync(join(app, "convex/users.ts"), BEFORE);
  const snap = await cli(["snapshot"], app);
  expect(snap.code, snap.stderr).toBe(0);
  writeFileSync(join(app, "convex/users.ts"), after);
  const run = await cli(["check", "--format", "json"], app);
  return { code: run.code, changes: JSON.parse(run.stdout).changes as { rule: string }[] };
}

it("an unchanged handler gaining a looser `returns` gives no finding", async () => {
  expect(await judge(LOOSER)).toEqual({ code: 0, changes: [] });
}, 120_000);

it("a handler that also dropped a field is still judged on what it returns", async () => {
  const { code, changes } = await judge(CHANGED);
  expect(code).toBe(1);
  expect(changes.map((c) => c.rule)).toEqual(["RETURNS_FIELD_NO_DELETE"]);
}, 120_000);
