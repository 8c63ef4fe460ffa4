/**
 * loadConvexDir on the realistic fixture app: every kind of export Convex deploys is found, with
 * the validators the backend would read, and nothing Convex skips is imported.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConvexDir } from "../../src/contracts/load.ts";
import { InputError } from "../../src/input-error.ts";
import { chatBefore, tempDir } from "./helpers.ts";

const app = await loadConvexDir(chatBefore);

describe("loadConvexDir on the chat fixture", () => {
  it("finds every function of every module, nested, default and destructured exports included", () => {
    expect(Object.keys(app.functions).sort()).toEqual([
      "admin/audit:recent",
      "admin/audit:record",
      "admin/users:ban",
      "admin/users:list",
      "admin/users:unban",
      "ai/summarize:embed",
      "ai/summarize:summarize",
      "channels:create",
      "channels:get",
      "channels:list",
      "channels:rename",
      "crud:destroy",
      "crud:read",
      "crud:write",
      "messages:count",
      "messages:list",
      "messages:post",
      "messages:remove",
      "messages:send",
      "messages:sendMessage",
      "profiles:get",
      "profiles:update",
      "stats:default",
    ]);
    expect(app.warnings).toEqual([]);
  });

  it("records kind and visibility as the builder set them", () => {
    expect(app.functions["ai/summarize:summarize"]).toMatchObject({
      kind: "action",
      visibility: "public",
    });
    expect(app.functions["ai/summarize:embed"]).toMatchObject({
      kind: "action",
      visibility: "internal",
    });
    expect(app.functions["admin/audit:record"]).toMatchObject({
      kind: "mutation",
      visibility: "internal",
    });
    expect(app.functions["stats:default"]).toMatchObject({ kind: "query", visibility: "public" });
  });

  it("reads args and returns as exportArgs()/exportReturns() print them; undeclared returns are null", () => {
    expect(app.functions["channels:get"]!.args).toEqual({
      type: "object",
      value: { id: { fieldType: { type: "id", tableName: "channels" }, optional: false } },
    });
    expect(app.functions["channels:rename"]!.returns).toBeNull();
    expect(app.functions["stats:default"]!.args).toEqual({ type: "any" });
  });

  it("sees a custom builder's own args and a zod builder's converted validators", () => {
    const ban = app.functions["admin/users:ban"]!.args;
    expect(ban.type === "object" && Object.keys(ban.value).sort()).toEqual([
      "reason",
      "token",
      "user",
    ]);
    expect(app.functions["profiles:get"]!.returns).toEqual({
      type: "object",
      value: {
        user: { fieldType: { type: "string" }, optional: false },
        displayName: { fieldType: { type: "string" }, optional: false },
        bio: { fieldType: { type: "string" }, optional: true },
      },
    });
  });

  it("carries defineVersioned metadata: every version, its export and lifecycle dates", () => {
    const send = app.functions["messages:send"]!.versioned!;
    expect(send.definition).toBe("sendMessage");
    expect(send.current).toBe("2026-10-01");
    expect(send.serves).toEqual(["2026-06-01"]);
    expect(send.versions.map((v) => [v.label, v.exportName])).toEqual([
      ["2025-12-01", "post"],
      ["2026-06-01", "send"],
      ["2026-10-01", "sendMessage"],
    ]);
    expect(send.versions[1]!.deprecated).toEqual({
      since: "2026-10-01",
      removeAfter: "2026-12-01",
      reason: "Use sendMessage.",
    });
    expect(app.functions["messages:post"]!.versioned!.versions[0]!.removed).toEqual({
      since: "2026-05-01",
    });
    expect(app.functions["messages:list"]!.versioned).toBeUndefined();
  });

  it("records the http router's routes", () => {
    expect(app.httpRoutes).toEqual([
      { method: "GET", path: "/health" },
      { method: "POST", path: "/hooks/*" },
    ]);
  });
});

describe("loadConvexDir failures", () => {
  /** A throwaway project under test/.tmp (so `convex/server` resolves from the repo's node_modules). */
  function app(files: Record<string, string>): string {
    const project = tempDirIn(join(chatBefore, "../../../../.tmp"));
    writeFileSync(join(project, "package.json"), "{}");
    const dir = join(project, "convex");
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }

  it("refuses to drop a module that throws at import, naming it and the error", async () => {
    const dir = app({
      "good.ts": `import { queryGeneric } from "convex/server"; export const a = queryGeneric({ handler: async () => 1 });`,
      "nested/bad.ts": `import { queryGeneric } from "convex/server"; export const b = queryGeneric({ handler: async () => 1 }); throw new TypeError("boom at import");`,
    });
    const error = await loadConvexDir(dir).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("nested/bad.ts: TypeError: boom at import");
    expect(error.message).toContain("check would read them as deleted");
    expect(error.message).not.toContain("good.ts");
  });

  it("modules that fail alike are one line: their files (five named, the rest counted), the error and its hint once", async () => {
    const failing = (n: number) =>
      `import { queryGeneric } from "convex/server"; export const f${n} = queryGeneric({ handler: async () => 1 }); throw new Error("the shared config is missing");`;
    const files: Record<string, string> = {
      "alone.ts": `import { queryGeneric } from "convex/server"; export const x = queryGeneric({ handler: async () => 1 }); throw new RangeError("only here");`,
    };
    for (let n = 0; n < 7; n++) files[`m${n}.ts`] = failing(n);
    const error = await loadConvexDir(app(files)).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    const message: string = error.message;
    expect(message).toContain("Could not import 8 modules of");
    expect(message.match(/the shared config is missing/g)).toHaveLength(1);
    expect(message.match(/If it needs a deployment environment variable/g)).toHaveLength(2);
    expect(message).toMatch(
      /convex\/m0\.ts, \S+\/m1\.ts, \S+\/m2\.ts, \S+\/m3\.ts, \S+\/m4\.ts and 2 more: Error: the shared config is missing/,
    );
    expect(message).toMatch(/convex\/alone\.ts: RangeError: only here/);
  });

  it("a registered-looking export whose exportArgs() is not JSON is named; one whose text only starts like JSON fails the load", async () => {
    const named = await loadConvexDir(
      app({ "fake.ts": "export const q = { isQuery: true, exportArgs: () => 42 };\n" }),
    ).catch((e) => e);
    expect(named).toBeInstanceOf(InputError);
    expect(named.message).toContain("fake:q: exportArgs() did not return JSON (got 42)");
    const spliced = await loadConvexDir(
      app({ "fake.ts": 'export const q = { isQuery: true, exportArgs: () => "{oops" };\n' }),
    ).catch((e) => e);
    expect(spliced).toBeInstanceOf(InputError);
    expect(spliced.message).toContain("are not JSON");
  });

  it("reports a module that does not bundle with its file and line", async () => {
    const dir = app({ "broken.ts": `import { x } from "./missing";\nexport const y = x;` });
    const error = await loadConvexDir(dir).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/broken\.ts:1:\d+: Could not resolve "\.\/missing"/);
  });

  it("a missing _generated/ folder (not committed) says how to write it", async () => {
    const dir = app({
      "a.ts": `import { query } from "./_generated/server";\nexport const a = query({ handler: async () => 1 });`,
    });
    const error = await loadConvexDir(dir).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/a\.ts:1:\d+: Could not resolve "\.\/_generated\/server"/);
    expect(error.message).toContain("Its _generated/ folder is missing");
    expect(error.message).toContain("npx convex codegen --system-udfs --typecheck disable");
    expect(error.message).not.toContain("Convex would reject it too");
  });

  it("a _generated/api written without a deployment (no `components`) says so, not 'fix the module'", async () => {
    // Seen on a public app with nine component instances: the offline codegen lists none.
    const dir = app({
      "_generated/api.js": "export const api = {};\nexport const internal = {};\n",
      "a.ts": `import { components } from "./_generated/api";\nexport const c = components;`,
    });
    const error = await loadConvexDir(dir).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('No matching export in "convex/_generated/api.js"');
    expect(error.message).toContain("written without a deployment");
    expect(error.message).not.toContain("Convex would reject it too");
  });

  it("removes its bundles afterwards, after a failure too", async () => {
    const good = app({
      "a.ts": `import { queryGeneric } from "convex/server"; export const a = queryGeneric({ handler: async () => 1 });`,
    });
    const bad = app({ "a.ts": `export {};\nthrow new Error("no");` });
    const bundlesOf = (dir: string) =>
      readdirSync(join(dir, "../node_modules/.cache/convex-versioned")).filter((name) =>
        name.startsWith("load-"),
      );
    expect(Object.keys((await loadConvexDir(good)).functions)).toEqual(["a:a"]);
    expect(bundlesOf(good)).toEqual([]);
    await expect(loadConvexDir(bad)).rejects.toThrow(InputError);
    expect(bundlesOf(bad)).toEqual([]);
  });

  it("rejects a missing folder and a folder without modules", async () => {
    await expect(loadConvexDir(join(tempDir(), "nope"))).rejects.toThrow(
      /no such folder.*--convex-dir/,
    );
    const empty = app({ "schema.ts": "export default {};", "a.test.ts": "export const a = 1;" });
    await expect(loadConvexDir(empty)).rejects.toThrow(/no function modules found/);
  });
});

function tempDirIn(root: string): string {
  const dir = join(root, `load-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
