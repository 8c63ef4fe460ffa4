/**
 * The inferred-contract cache never serves a stale contract: a change to the folder, to a helper
 * outside it, or to any package's declarations re-infers.
 */
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, test } from "vitest";
import { pruneEntries } from "../../src/contracts/cache-dir.ts";
import { loadAppWithContracts } from "../../src/contracts/index.ts";
import { inferCached, KEEP_ENTRIES } from "../../src/contracts/infer-cache.ts";

const scratch = join(process.cwd(), "test/.tmp", `infer-cache-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("editing a handler changes the inferred contract on the next load (cache keyed by content)", async () => {
  mkdirSync(scratch, { recursive: true });
  const dir = join(scratch, "convex");
  cpSync(join(process.cwd(), "test/fixtures/infer/field-removed/before/convex"), dir, {
    recursive: true,
  });
  const fields = async () => {
    const app = await loadAppWithContracts(dir, {});
    const inferred = app.functions["users:profile"]?.returnsInferred as any;
    return Object.keys(inferred.value).sort();
  };
  const first = await fields();
  expect(first).toEqual(["hasEmail", "id", "name"]);
  expect(await fields()).toEqual(first); // second load: from the cache, same answer
  const file = join(dir, "users.ts");
  writeFileSync(
    file,
    readFileSync(file, "utf8").replace("name: user.name", "displayName: user.name"),
  );
  expect(await fields()).toEqual(["displayName", "hasEmail", "id"]);
}, 60_000);

/** An app under test/.tmp (so `convex` resolves from the repo) with a package of its own. */
function appWithSdk(name: string, sdkType: string): string {
  const root = join(scratch, name);
  mkdirSync(join(root, "node_modules/fake-sdk"), { recursive: true });
  writeFileSync(join(root, "package.json"), "{}\n");
  writeFileSync(
    join(root, "node_modules/fake-sdk/package.json"),
    JSON.stringify({ name: "fake-sdk", version: "1.0.0", types: "index.d.ts" }),
  );
  writeFileSync(join(root, "node_modules/fake-sdk/index.d.ts"), sdkType);
  mkdirSync(join(root, "convex"), { recursive: true });
  writeFileSync(
    join(root, "convex/sdk.ts"),
    `import { queryGeneric as query } from "convex/server";
import type { Customer } from "fake-sdk";
export const customer = query({ args: {}, handler: async (): Promise<Customer> => ({}) as Customer });
`,
  );
  writeFileSync(join(root, "convex/helper.ts"), "export const helper = 1;\n");
  return join(root, "convex");
}

test("a dependency's changed declarations are seen without deleting the cache", async () => {
  const dir = appWithSdk("sdk", "export interface Customer { id: string; email: string }\n");
  const ids: (string | undefined)[] = [];
  const fields = async () => {
    const r = await inferCached(dir, ["sdk:customer"]);
    ids.push(r.contentId);
    return { source: r.source, fields: Object.keys((r.contracts["sdk:customer"] as any).value) };
  };
  expect(await fields()).toEqual({ source: "checker", fields: ["email", "id"] });
  expect(await fields()).toEqual({ source: "cache", fields: ["email", "id"] });
  // An upgrade of the SDK renames a field: same folder, same lock-free app, new contract.
  writeFileSync(
    join(dir, "../node_modules/fake-sdk/index.d.ts"),
    "export interface Customer { id: string; emailAddress: string }\n",
  );
  expect(await fields()).toEqual({ source: "checker", fields: ["emailAddress", "id"] });
  // Each written result is named afresh (the same entry file now holds another content); a hit
  // returns the name of what it read.
  expect(ids[0]).toMatch(/^[\w-]{12}$/);
  expect(ids[1]).toBe(ids[0]);
  expect(ids[2]).toMatch(/^[\w-]{12}$/);
  expect(ids[2]).not.toBe(ids[0]);
}, 120_000);

describe("the cache stays bounded", () => {
  it("pruneEntries keeps the most recently used entries, by mtime", () => {
    const dir = join(scratch, "prune");
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 6; i++) {
      const file = join(dir, `e${i}.json`);
      writeFileSync(file, "{}");
      const t = new Date(Date.UTC(2026, 0, 1 + i));
      utimesSync(file, t, t);
    }
    writeFileSync(join(dir, "notes.txt"), "not an entry");
    pruneEntries(dir, 2);
    expect(readdirSync(dir).sort()).toEqual(["e4.json", "e5.json", "notes.txt"]);
  });

  it("writing a folder entry deletes all but the newest ones; a hit counts as a use", async () => {
    const root = join(scratch, "bounded");
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, "package.json"), "{}\n");
    const dir = join(root, "convex");
    cpSync(join(process.cwd(), "test/fixtures/infer/field-removed/before/convex"), dir, {
      recursive: true,
    });
    const cache = join(root, "node_modules/.cache/convex-versioned");
    mkdirSync(join(cache, "load-keep"), { recursive: true });
    const old = new Date(Date.UTC(2026, 0, 1));
    for (let i = 0; i < KEEP_ENTRIES + 4; i++) {
      writeFileSync(join(cache, `infer-stale${i}.json`), "{}");
      utimesSync(join(cache, `infer-stale${i}.json`), old, old);
    }
    await inferCached(dir, ["users:profile"]);
    const folderEntries = () => readdirSync(cache).filter((n) => n.startsWith("infer-"));
    expect(folderEntries()).toHaveLength(KEEP_ENTRIES);
    const fresh = folderEntries().filter((n) => !n.startsWith("infer-stale"));
    expect(fresh).toHaveLength(1);
    expect(readdirSync(cache)).toContain("load-keep"); // not an entry: left alone
    // A hit touches its entry, so it outlives entries written after it but unused since.
    utimesSync(join(cache, fresh[0]!), old, old);
    const hit = await inferCached(dir, ["users:profile"]);
    expect(hit.source).toBe("cache");
    expect(statSync(join(cache, fresh[0]!)).mtimeMs).toBeGreaterThan(old.getTime());
  }, 60_000);
});
