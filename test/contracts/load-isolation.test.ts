/**
 * The app's code cannot end, hang or fake the result of the CLI: modules are imported in a worker
 * thread, so `process.exit`, a top-level await that never settles, an endless loop or a leftover
 * timer each give exit 2 naming the module (or finish normally), never a silent 0 or a false 1.
 * And what Convex deploys, the loader loads: CommonJS `require` in a module, symlinked
 * node_modules, a read-only cache folder.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConvexDir } from "../../src/contracts/load.ts";
import { cli, spawnCli } from "../cli/helpers.ts";

const repo = process.cwd();
const scratch = join(repo, "test/.tmp", `isolation-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const GOOD = `import { queryGeneric } from "convex/server";
export const ok = queryGeneric({ args: {}, handler: async () => 1 });
`;

let apps = 0;
/** An app under test/.tmp (so `convex` resolves from the repo's node_modules). */
function app(files: Record<string, string>): string {
  const root = join(scratch, `app${apps++}`);
  mkdirSync(join(root, "convex"), { recursive: true });
  writeFileSync(join(root, "package.json"), "{}\n");
  for (const [name, text] of Object.entries({ "good.ts": GOOD, ...files })) {
    mkdirSync(join(root, "convex", name, ".."), { recursive: true });
    writeFileSync(join(root, "convex", name), text);
  }
  return root;
}

const check = (root: string, ...flags: string[]) =>
  cli(["check", "--convex-dir", "convex", "--baseline", "none.json", ...flags], root);

describe("user code cannot end, hang or fake the CLI", () => {
  for (const code of [0, 1]) {
    it(`a module calling process.exit(${code}) at import: exit 2 naming it`, async () => {
      const root = app({
        "config.ts": `export {};\nif (!process.env.NOPE) process.exit(${code});\n`,
      });
      writeFileSync(join(root, "none.json"), JSON.stringify({ functions: [] }));
      const run = await check(root);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `convex/config.ts: it called process.exit(${code}) while being imported`,
      );
    });
  }

  it("a top-level await that never settles: exit 2 naming the module", async () => {
    const root = app({ "wait.ts": "export {};\nawait new Promise(() => {});\n" });
    const error = await loadConvexDir(join(root, "convex")).catch((e) => e);
    expect(error.message).toContain("convex/wait.ts");
    expect(error.message).toContain("top-level await that never settles");
  });

  it("an endless loop at import is stopped after --import-timeout, naming the module", async () => {
    const root = app({ "spin.ts": "export {};\nfor (;;) {}\n" });
    writeFileSync(join(root, "none.json"), JSON.stringify({ functions: [] }));
    const run = await check(root, "--import-timeout", "1");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("convex/spin.ts: importing did not finish within 1 s");
    expect(run.stderr).toContain("--import-timeout");
  });

  it("a timer left running by a module does not keep the installed CLI alive", async () => {
    const root = app({ "tick.ts": "export {};\nsetInterval(() => {}, 1000);\n" });
    const run = await spawnCli(["snapshot", "--no-infer-returns"], root);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(": 1 function (");
  });

  it("a module's console output goes to stderr, keeping JSON output parseable", async () => {
    const root = app({ "noisy.ts": `export {};\nconsole.log("hello from import");\n` });
    writeFileSync(join(root, "none.json"), JSON.stringify({ functions: [] }));
    const run = await spawnCli(
      ["check", "--no-infer-returns", "--baseline", "none.json", "--format", "json"],
      root,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).ok).toBe(true);
    expect(run.stderr).toContain("hello from import");
  });
});

describe("a module that fails to import says what to do", () => {
  it("an export its installed package lacks: install as the lock file pins, not an env hint", async () => {
    const root = app({
      "old.ts":
        'import { v, notAnExport } from "convex/values";\nexport const x = [v, notAnExport];\n',
    });
    const error = await loadConvexDir(join(root, "convex")).catch((e) => e);
    expect(error.message).toContain("convex/old.ts: SyntaxError");
    expect(error.message).toContain("install the dependencies its lock file");
    expect(error.message).not.toContain("--env-file");
  });
});

describe("loads what Convex deploys", () => {
  it("a package that checks for Convex's global (`Convex`) at import loads", async () => {
    // @convex-dev/geospatial: `if (typeof Convex === "undefined") throw new Error("this is Convex
    // backend code, but it's running somewhere else!")`.
    const root = app({
      "geo.ts": `import { queryGeneric } from "convex/server";
declare const Convex: unknown;
if (typeof Convex === "undefined") throw new Error("this is Convex backend code, but it's running somewhere else!");
export const near = queryGeneric({ args: {}, handler: async () => null });
`,
    });
    const loaded = await loadConvexDir(join(root, "convex"));
    expect(Object.keys(loaded.functions)).toContain("geo:near");
  });

  it("CommonJS require() in a module works, for builtins and packages", async () => {
    const root = app({
      "node.ts": `"use node";
import { actionGeneric } from "convex/server";
const path = require("node:path");
const { v } = require("convex/values");
export const join = actionGeneric({ args: { a: v.string() }, handler: async (_ctx, { a }) => path.join(a, "b") });
`,
    });
    const loaded = await loadConvexDir(join(root, "convex"));
    expect(loaded.functions["node:join"]?.args).toEqual({
      type: "object",
      value: { a: { fieldType: { type: "string" }, optional: false } },
    });
  });

  it("--env-placeholders works through a symlinked node_modules", async () => {
    const root = app({
      "billing.ts": `import { queryGeneric } from "convex/server";
const key = process.env.STRIPE_KEY;
if (!key) throw new Error("Missing STRIPE_KEY");
export const price = queryGeneric({ args: {}, handler: async () => key.length });
`,
    });
    // node_modules is a link (monorepos, CI caches) to a real node_modules elsewhere.
    const store = join(scratch, `store${apps}`, "node_modules");
    mkdirSync(store, { recursive: true });
    symlinkSync(join(repo, "node_modules/convex"), join(store, "convex"));
    symlinkSync(store, join(root, "node_modules"));
    const loaded = await loadConvexDir(join(root, "convex"), { envFallback: true });
    expect(Object.keys(loaded.functions)).toContain("billing:price");
    expect(loaded.warnings.join("\n")).toContain("STRIPE_KEY");
    const missing = await loadConvexDir(join(root, "convex")).catch((e) => e);
    expect(missing.message).toContain("It read environment variables that are not set: STRIPE_KEY");
    expect(realpathSync(join(root, "node_modules"))).toBe(realpathSync(store));
  });

  it("a cache folder that cannot be written falls back to the OS temp folder", async () => {
    const root = app({});
    // Root ignores permission bits here, so the cache path is blocked by a file instead.
    mkdirSync(join(root, "node_modules"), { recursive: true });
    writeFileSync(join(root, "node_modules/.cache"), "not a folder");
    symlinkSync(join(repo, "node_modules/convex"), join(root, "node_modules/convex"));
    const loaded = await loadConvexDir(join(root, "convex"));
    expect(Object.keys(loaded.functions)).toEqual(["good:ok"]);
    const temp = readdirSync(tmpdir()).filter((n) => n.startsWith("convex-versioned-"));
    expect(temp.length).toBeGreaterThan(0);
  });

  it("bundle folders of a run that died are removed by the next run", async () => {
    const root = app({});
    const cache = join(root, "node_modules/.cache/convex-versioned");
    const dead = Number(
      execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]),
    );
    mkdirSync(join(cache, `load-${dead}-abc123`), { recursive: true });
    mkdirSync(join(cache, "load-unrelated"), { recursive: true });
    await loadConvexDir(join(root, "convex"));
    expect(existsSync(join(cache, `load-${dead}-abc123`))).toBe(false);
    expect(existsSync(join(cache, "load-unrelated"))).toBe(true);
  });

  it("Ctrl-C while importing removes the bundles and ends quietly", async () => {
    const root = app({
      "slow.ts": "export {};\nawait new Promise((r) => setTimeout(r, 60_000));\n",
    });
    const cache = join(root, "node_modules/.cache/convex-versioned");
    const bin = join(repo, "bin/convex-versioned.js");
    const child = spawn(process.execPath, [bin, "snapshot", "--no-infer-returns"], { cwd: root });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const bundles = () =>
      existsSync(cache) ? readdirSync(cache).filter((n) => n.startsWith("load-")) : [];
    for (let i = 0; i < 600 && bundles().length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(bundles()).toHaveLength(1);
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(bundles()).toEqual([]);
    expect(stderr).not.toMatch(/panic|goroutine/);
  });
});

describe("I/O problems are input errors (exit 2, no stack trace)", () => {
  it("--out into a missing folder names the path and the cause", async () => {
    const root = app({});
    const run = await cli(["snapshot", "--no-infer-returns", "--out", "no/such/lock.json"], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no\/such\/\..*: no such file or folder/);
    expect(run.stderr).not.toContain("internal error");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
