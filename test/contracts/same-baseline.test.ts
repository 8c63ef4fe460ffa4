/**
 * What `check` takes as its baseline when it is recorded as the current side: `lockView` must be
 * exactly what reading the lock file written for the app gives (the markers only name which
 * baseline and which content).
 */
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sameJson } from "../../src/compat/diff.ts";
import { serializeLockFile } from "../../src/contracts/canonical.ts";
import { loadConvexDir } from "../../src/contracts/load.ts";
import { parseLockFile } from "../../src/contracts/lockfile.ts";
import {
  KEEP_SAME_MARKERS,
  lockView,
  recordSame,
  sameContentIds,
  usedSame,
} from "../../src/contracts/same-baseline.ts";
import type { AppSpec } from "../../src/model.ts";
import { chatBefore } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "cv-same-baseline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lock file for `app`, read back as `check` reads a baseline. */
async function readBack(app: AppSpec): Promise<AppSpec> {
  const { lockfileVersion: _version, ...read } = await parseLockFile(
    JSON.parse(serializeLockFile(app)),
    "lock",
  );
  return read;
}

describe("lockView", () => {
  it("is what the lock file written for the app reads back as, functions in the same order", async () => {
    const { warnings: _warnings, contentId: _id, ...app } = await loadConvexDir(chatBefore);
    const read = await readBack(app);
    const view = lockView(app);
    expect(sameJson(read, view)).toBe(true);
    expect(Object.keys(view.functions)).toEqual(Object.keys(read.functions));
    expect(view.httpRoutes).toEqual(read.httpRoutes);
    expect(view.httpRoutes?.length).toBeGreaterThan(0);
  });

  it("sorts functions and routes as the lock does and leaves out crons, which no lock holds", async () => {
    const fn = {
      kind: "mutation",
      visibility: "internal",
      args: { type: "object", value: {} },
      returns: null,
    } as const;
    const app: AppSpec = {
      functions: { "b:z": fn, "a:y": fn },
      httpRoutes: [
        { method: "POST", path: "/b" },
        { method: "GET", path: "/a" },
      ],
      crons: [{ name: "tick", function: "b:z", args: {} }],
    };
    const read = await readBack(app);
    const view = lockView(app);
    expect(sameJson(read, view)).toBe(true);
    expect(Object.keys(view.functions)).toEqual(["a:y", "b:z"]);
    expect(view.httpRoutes).toEqual([
      { method: "GET", path: "/a" },
      { method: "POST", path: "/b" },
    ]);
    expect(view).not.toHaveProperty("crons");
    // The function records are the app's own: nothing is copied.
    expect(view.functions["a:y"]).toBe(fn);
    expect(lockView({ functions: {} })).toEqual({ functions: {} });
  });
});

describe("markers", () => {
  it("are found by the baseline's hash, name content ids, and stay bounded", () => {
    const cache = mkdtempSync(join(dir, "cache-"));
    expect(sameContentIds(cache, "h1")).toEqual(new Set());
    expect(sameContentIds(join(cache, "missing"), "h1")).toEqual(new Set());
    recordSame(cache, "h1", "loaded-a");
    recordSame(cache, "h1", "loaded-a.inferred-b");
    recordSame(cache, "h2", "loaded-c");
    expect(sameContentIds(cache, "h1")).toEqual(new Set(["loaded-a", "loaded-a.inferred-b"]));
    expect(sameContentIds(cache, "h2")).toEqual(new Set(["loaded-c"]));
    // One being written by another run is not one yet.
    writeFileSync(join(cache, "same-h2-loaded-d.1234.tmp"), "");
    expect(sameContentIds(cache, "h2")).toEqual(new Set(["loaded-c"]));
    rmSync(join(cache, "same-h2-loaded-d.1234.tmp"));
    // Written long ago (h1's first the longest ago), but used now: pruned last.
    const longAgo = new Date(Date.UTC(2026, 0, 2));
    for (const name of readdirSync(cache)) utimesSync(join(cache, name), longAgo, longAgo);
    const first = new Date(Date.UTC(2026, 0, 1));
    utimesSync(join(cache, "same-h1-loaded-a"), first, first);
    usedSame(cache, "h1", "loaded-a");
    // Two more than are kept: the two not used since long ago go.
    for (let n = 0; n < KEEP_SAME_MARKERS - 1; n++) recordSame(cache, `x${n}`, "id");
    expect(readdirSync(cache).filter((name) => name.startsWith("same-"))).toHaveLength(
      KEEP_SAME_MARKERS,
    );
    expect(sameContentIds(cache, "h1")).toEqual(new Set(["loaded-a"]));
    expect(sameContentIds(cache, "h2")).toEqual(new Set());
  });
});
