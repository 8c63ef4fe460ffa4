/**
 * The loaded-app cache: an unchanged functions folder is not imported again, and nothing the load
 * depended on can change unseen: a file of the folder, a helper outside it, the package manager's
 * lock file, an environment variable a module read at import, the flags.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cacheDirFor } from "../../src/contracts/cache-dir.ts";
import {
  KEEP_LOADED_ENTRIES,
  lookupLoadedApp,
  storeLoadedApp,
} from "../../src/contracts/load/app-cache.ts";
import { loadConvexDir } from "../../src/contracts/load.ts";
import { loadComponents } from "../../src/contracts/load-components.ts";

const scratch = join(process.cwd(), "test/.tmp", `app-cache-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An app whose module counts its imports in `imports.txt` and takes its args from ../lib. */
function app(): { root: string; dir: string; imports: () => number } {
  const root = join(scratch, `app-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(root, "convex"), { recursive: true });
  mkdirSync(join(root, "lib"), { recursive: true });
  writeFileSync(join(root, "package.json"), "{}\n");
  writeFileSync(join(root, "package-lock.json"), '{ "lockfileVersion": 3 }\n');
  writeFileSync(
    join(root, "lib/args.ts"),
    `import { v } from "convex/values";\nexport const args = { a: v.string() };\n`,
  );
  writeFileSync(
    join(root, "convex/fns.ts"),
    `import { appendFileSync } from "node:fs";
import { queryGeneric } from "convex/server";
import { args } from "../lib/args";
appendFileSync(${JSON.stringify(join(root, "imports.txt"))}, "x");
export const get = queryGeneric({ args, handler: async () => 1 });
export const flagged = process.env.CV_TEST_FEATURE === "on" ? queryGeneric({ args: {}, handler: async () => 2 }) : undefined;
`,
  );
  const imports = () => {
    try {
      return readFileSync(join(root, "imports.txt"), "utf8").length;
    } catch {
      return 0;
    }
  };
  return { root, dir: join(root, "convex"), imports };
}

const fields = (loaded: Awaited<ReturnType<typeof loadConvexDir>>) =>
  Object.keys((loaded.functions["fns:get"]!.args as { value: object }).value);

describe("loaded-app cache", () => {
  it("serves an unchanged folder without importing it again", async () => {
    const { dir, imports } = app();
    const first = await loadConvexDir(dir);
    expect(imports()).toBe(1);
    const second = await loadConvexDir(dir);
    expect(imports()).toBe(1);
    expect(second).toEqual(first);
  });

  it("a hit gives exactly what the load gave: functions, http routes, crons and warnings", async () => {
    const { dir, imports } = app();
    writeFileSync(
      join(dir, "http.ts"),
      `import { httpActionGeneric, httpRouter } from "convex/server";
const http = httpRouter();
http.route({ path: "/hook", method: "POST", handler: httpActionGeneric(async () => new Response()) });
export default http;
`,
    );
    writeFileSync(
      join(dir, "crons.ts"),
      `import { cronJobs, makeFunctionReference } from "convex/server";
const crons = cronJobs();
crons.interval("tick", { minutes: 5 }, makeFunctionReference("fns:get"), { a: "x" });
export default crons;
`,
    );
    writeFileSync(join(dir, "keyed.ts"), "export const key = process.env.CV_TEST_KEY;\n");
    const first = await loadConvexDir(dir, { envFallback: true });
    expect(first.httpRoutes).toEqual([{ method: "POST", path: "/hook" }]);
    expect(first.crons).toHaveLength(1);
    expect(first.warnings).toHaveLength(1);
    const second = await loadConvexDir(dir, { envFallback: true });
    expect(imports()).toBe(1);
    expect(second).toEqual(first);
  });

  it("a changed file of the folder, helper outside it or lock file loads again", async () => {
    const { root, dir, imports } = app();
    await loadConvexDir(dir);
    writeFileSync(
      join(root, "lib/args.ts"),
      `import { v } from "convex/values";\nexport const args = { a: v.string(), b: v.number() };\n`,
    );
    expect(fields(await loadConvexDir(dir))).toEqual(["a", "b"]);
    expect(imports()).toBe(2);
    writeFileSync(join(dir, "other.ts"), "export const nothing = 1;\n");
    await loadConvexDir(dir);
    expect(imports()).toBe(3);
    writeFileSync(join(root, "package-lock.json"), '{ "lockfileVersion": 3, "packages": {} }\n');
    await loadConvexDir(dir);
    expect(imports()).toBe(4);
    await loadConvexDir(dir);
    expect(imports()).toBe(4);
  });

  it("names each stored content with a fresh id, which a hit returns", async () => {
    const { root, dir } = app();
    const first = await loadConvexDir(dir);
    expect(first.contentId).toMatch(/^[\w-]{12}$/);
    expect((await loadConvexDir(dir)).contentId).toBe(first.contentId);
    // Stored again under the same key (a helper outside the folder changed): another content.
    writeFileSync(
      join(root, "lib/args.ts"),
      `import { v } from "convex/values";\nexport const args = { a: v.number() };\n`,
    );
    const second = await loadConvexDir(dir);
    expect(second.contentId).toMatch(/^[\w-]{12}$/);
    expect(second.contentId).not.toBe(first.contentId);
    expect((await loadConvexDir(dir)).contentId).toBe(second.contentId);
  });

  it("a variable a module read at import, or the env flags, changing loads again", async () => {
    const { dir, imports } = app();
    const before = await loadConvexDir(dir);
    expect(Object.keys(before.functions)).toEqual(["fns:get"]);
    process.env.CV_TEST_FEATURE = "on";
    try {
      const after = await loadConvexDir(dir);
      expect(Object.keys(after.functions).sort()).toEqual(["fns:flagged", "fns:get"]);
      expect(imports()).toBe(2);
    } finally {
      delete process.env.CV_TEST_FEATURE;
    }
    await loadConvexDir(dir, { env: { OTHER: "1" } });
    expect(imports()).toBe(3);
  });

  it("a load that bundles the dependencies (a component's) is cached apart from one that imports them", async () => {
    const { dir, imports } = app();
    await loadConvexDir(dir);
    await loadConvexDir(dir, { bundleDependencies: true });
    expect(imports()).toBe(2);
    await loadConvexDir(dir, { bundleDependencies: true });
    await loadConvexDir(dir);
    expect(imports()).toBe(2);
  });

  /** The cache driven by hand: a lookup's key, and a store of an empty app under it. */
  function byHand() {
    const { root, dir } = app();
    const cacheDir = cacheDirFor(root)!;
    const env = { env: {} };
    const loaded = { functions: {}, warnings: [] };
    const metafile = { inputs: {}, outputs: {} };
    const lookup = () => lookupLoadedApp(cacheDir, dir, root, env);
    const store = (key: NonNullable<ReturnType<typeof lookup>["key"]>) =>
      storeLoadedApp(key, dir, root, metafile, {}, loaded);
    return { dir, cacheDir, loaded, lookup, store };
  }

  it("a file of the folder saved while the app loaded: the result is not stored", () => {
    const { dir, lookup, store } = byHand();
    const key = lookup().key!;
    store(key);
    expect(existsSync(key.file()!)).toBe(true);
    rmSync(key.file()!);
    // The same key, but a module was saved between computing it and storing the result.
    const again = lookup().key!;
    expect(again.file()!).toBe(key.file()!);
    writeFileSync(join(dir, "fns.ts"), "export {};\n");
    store(again);
    expect(existsSync(again.file()!)).toBe(false);
  });

  it("with nothing stored yet, the files are hashed at the store, and an edit since the lookup still shows", () => {
    const { dir, cacheDir, loaded, lookup, store } = byHand();
    const entries = () => readdirSync(cacheDir).filter((name) => name.startsWith("loaded-"));
    // An empty cache: the lookup hashes nothing (the memo of file hashes is not even written).
    const first = lookup().key!;
    expect(existsSync(join(cacheDir, "file-hashes.json"))).toBe(false);
    // Saved after the lookup, before the store first asks for the entry's name: not stored.
    writeFileSync(join(dir, "fns.ts"), "export const saved = 1;\n");
    store(first);
    expect(entries()).toEqual([]);
    // Unchanged since its lookup: stored, under the name a lookup hashing at once gives.
    const second = lookup().key!;
    store(second);
    expect(entries()).toHaveLength(1);
    const hashed = lookup();
    expect(hashed.app).toEqual(loaded);
    expect(hashed.key!.file()).toBe(second.file());
    // With an entry stored, an edit between lookup and store still keeps the result out (each
    // edit changes the size: two writes within one clock tick can share an mtime).
    writeFileSync(join(dir, "fns.ts"), "export const saved = 22;\n");
    const third = lookup().key!;
    writeFileSync(join(dir, "fns.ts"), "export const saved = 333;\n");
    store(third);
    expect(entries()).toHaveLength(1);
  });

  it("a file saved once the bundle is built (while the worker imports it) is the next load's", async () => {
    const { dir, imports } = app();
    let bundled = 0;
    const edit = () => {
      bundled++;
      writeFileSync(
        join(dir, "fns.ts"),
        `import { queryGeneric } from "convex/server";\nexport const get = queryGeneric({ args: {}, handler: async () => 1 });\n`,
      );
    };
    // The bundle read the module as it was: that result is right for the content it was keyed on.
    const first = await loadConvexDir(dir, { onBundled: edit });
    expect(bundled).toBe(1);
    expect(fields(first)).toEqual(["a"]);
    expect(first.contentId).toBeDefined();
    expect(imports()).toBe(1);
    // The saved module is new content: loaded, not served the first result.
    const second = await loadConvexDir(dir, { onBundled: () => bundled++ });
    expect(fields(second)).toEqual([]);
    expect(bundled).toBe(2);
    // A hit bundles nothing, and says so by not calling.
    expect((await loadConvexDir(dir, { onBundled: () => bundled++ })).contentId).toBe(
      second.contentId,
    );
    expect(bundled).toBe(2);
  });

  it("stays bounded, and the state a branch keeps coming back to is pruned last", () => {
    const { root, dir } = app();
    const cacheDir = cacheDirFor(root)!;
    const env = { env: {} };
    const metafile = { inputs: {}, outputs: {} };
    const entries = () => readdirSync(cacheDir).filter((name) => name.startsWith("loaded-"));
    /** Stores the folder in state `n`, its entry written at minute `n` of a day long ago. */
    const store = (n: number) => {
      writeFileSync(join(dir, "state.ts"), `export const state = ${n};\n`);
      const { key } = lookupLoadedApp(cacheDir, dir, root, env);
      storeLoadedApp(key!, dir, root, metafile, {}, { functions: {}, warnings: [`state ${n}`] });
      const written = new Date(Date.UTC(2026, 0, 1, 0, n));
      utimesSync(key!.file()!, written, written);
      return key!.file()!;
    };
    const written = Array.from({ length: KEEP_LOADED_ENTRIES }, (_, n) => store(n));
    expect(entries()).toHaveLength(KEEP_LOADED_ENTRIES);
    // Back on state 0, the oldest entry: a hit, and a use.
    writeFileSync(join(dir, "state.ts"), "export const state = 0;\n");
    expect(lookupLoadedApp(cacheDir, dir, root, env).app).toEqual({
      functions: {},
      warnings: ["state 0"],
    });
    // Two more states: the two least recently used go, states 1 and 2; state 0 stays.
    store(KEEP_LOADED_ENTRIES);
    store(KEEP_LOADED_ENTRIES + 1);
    expect(entries()).toHaveLength(KEEP_LOADED_ENTRIES);
    expect(written.map((file) => existsSync(file)).slice(0, 4)).toEqual([true, false, false, true]);
  });
});

/**
 * An app whose convex.config mounts a component of its own (in the folder) and one defined outside
 * it (../widget, as a package's would be); the config counts its runs in `runs.txt`.
 */
function componentsApp() {
  const { root, dir, imports } = app();
  const component = (path: string, name: string) => {
    mkdirSync(join(root, path), { recursive: true });
    writeFileSync(
      join(root, path, "convex.config.ts"),
      `import { defineComponent } from "convex/server";\nexport default defineComponent(${JSON.stringify(name)});\n`,
    );
  };
  component("convex/components/counter", "counter");
  component("widget", "widget");
  const config = (extra = "") =>
    writeFileSync(
      join(dir, "convex.config.ts"),
      `import { appendFileSync } from "node:fs";
import { defineApp } from "convex/server";
import counter from "./components/counter/convex.config";
import widget from "../widget/convex.config";
appendFileSync(${JSON.stringify(join(root, "runs.txt"))}, "x");
const app = defineApp();
app.use(counter);
app.use(widget);
${extra}
export default app;
`,
    );
  config();
  const runs = () => {
    try {
      return readFileSync(join(root, "runs.txt"), "utf8").length;
    } catch {
      return 0;
    }
  };
  return { root, dir, runs, config, imports };
}

describe("loaded-app cache: the components a folder mounts", () => {
  const paths = (instances: { path: string }[]) => instances.map((i) => i.path);

  it("an unchanged app's convex.config is not bundled and run again", async () => {
    const { dir, runs } = componentsApp();
    const first = await loadComponents(dir);
    expect(paths(first)).toEqual(["counter", "widget"]);
    expect(runs()).toBe(1);
    expect(await loadComponents(dir)).toEqual(first);
    expect(runs()).toBe(1);
  });

  it("a changed config, or a changed component definition outside the folder, runs it again", async () => {
    const { root, dir, runs, config } = componentsApp();
    await loadComponents(dir);
    config('app.use(counter, { name: "tally" });');
    expect(paths(await loadComponents(dir))).toEqual(["counter", "widget", "tally"]);
    expect(runs()).toBe(2);
    writeFileSync(
      join(root, "widget/convex.config.ts"),
      `import { defineComponent } from "convex/server";\nexport default defineComponent("widget2");\n`,
    );
    expect(paths(await loadComponents(dir))).toEqual(["counter", "widget2", "tally"]);
    expect(runs()).toBe(3);
  });

  it("is kept apart from the folder's functions", async () => {
    const { dir, imports, runs } = componentsApp();
    await loadComponents(dir);
    await loadConvexDir(dir);
    await loadComponents(dir);
    await loadConvexDir(dir);
    expect([runs(), imports()]).toEqual([1, 1]);
  });
});
