/**
 * When `check` reads its baseline (src/cli/baseline.ts, `CheckBaseline`): a lock file is read once
 * it is known to be needed, and, when the app loads from scratch, once the app is bundled, so it
 * is parsed while the import worker runs instead of competing with esbuild and the worker's boot.
 * Without a cache, nothing can say whether it is needed: it is read at once. `readSpecFile` is
 * wrapped to see when the file is read; it still reads it.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CheckBaseline } from "../../src/cli/baseline.ts";
import * as contracts from "../../src/contracts/index.ts";

vi.mock("../../src/contracts/index.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/contracts/index.ts")>();
  return { ...original, readSpecFile: vi.fn(original.readSpecFile) };
});
const reads = vi.mocked(contracts.readSpecFile);

const scratch = join(process.cwd(), "test/.tmp", `check-baseline-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const app = {
  functions: {
    "messages:list": {
      kind: "query" as const,
      visibility: "public" as const,
      args: { type: "object" as const, value: {} },
      returns: null,
    },
  },
};

async function lockFolder(): Promise<{ cwd: string; cacheDir: string }> {
  const cwd = join(scratch, Math.random().toString(36).slice(2));
  const cacheDir = join(cwd, "cache");
  mkdirSync(cacheDir, { recursive: true });
  await contracts.writeLockFile(join(cwd, "convex-versioned.lock.json"), app);
  return { cwd, cacheDir };
}

/** Lets every pending promise callback run (the baseline's own bookkeeping is a few of them). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

beforeEach(() => {
  reads.mockClear();
});

describe("CheckBaseline reads a lock file", () => {
  it("on a load from scratch, once the app is bundled, not before", async () => {
    const { cwd, cacheDir } = await lockFolder();
    const baseline = new CheckBaseline(undefined, cwd, {}, cacheDir);
    await settle();
    expect(reads).not.toHaveBeenCalled();
    baseline.onCacheLookup(undefined);
    await settle();
    expect(reads).not.toHaveBeenCalled();
    baseline.onBundled();
    expect(reads).toHaveBeenCalledTimes(1);
    expect((await baseline.parsed()).functions).toHaveProperty(["messages:list"]);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it("at once when the app was bundled before the lookup's answer was weighed", async () => {
    const { cwd, cacheDir } = await lockFolder();
    const baseline = new CheckBaseline(undefined, cwd, {}, cacheDir);
    baseline.onCacheLookup(undefined);
    baseline.onBundled();
    await settle();
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it("at once when the cache answers with a content nothing is recorded for", async () => {
    const { cwd, cacheDir } = await lockFolder();
    const baseline = new CheckBaseline(undefined, cwd, {}, cacheDir);
    baseline.onCacheLookup("some-other-content");
    await settle();
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it("at once without a cache: nothing will say whether it is needed", async () => {
    const { cwd } = await lockFolder();
    new CheckBaseline(undefined, cwd, {}, undefined);
    await settle();
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it("when asked, whatever the load said (a load that failed says nothing)", async () => {
    const { cwd, cacheDir } = await lockFolder();
    const baseline = new CheckBaseline(undefined, cwd, {}, cacheDir);
    await settle();
    expect((await baseline.parsed()).functions).toHaveProperty(["messages:list"]);
    expect(reads).toHaveBeenCalledTimes(1);
  });
});
