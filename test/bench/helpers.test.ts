/**
 * The pure pieces of the whole-process bench (bench/cli.ts) and its A/B tool (bench/ab.ts): the A/B statistics, the process-tree
 * memory sampler's /proc parsing and walk, the yardstick's entry points, and one real run of the
 * sampler over a parent and its child. Benches themselves are not tests (`npm run bench`).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAbArgs } from "../../bench/ab.ts";
import { FUNCTIONS, generateApp, MODULES, yardstickCommand } from "../../bench/app.ts";
import {
  interleavedPairs,
  median,
  medianPairRatio,
  type ProcFs,
  pairRatios,
  parseChildren,
  parseVmRssKb,
  processTree,
  runProcess,
  treeRssKb,
} from "../../bench/process.ts";

const scratch = join(process.cwd(), "test/.tmp", `bench-helpers-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("A/B statistics", () => {
  it("takes the median of the per-pair ratios, not the ratio of the medians", () => {
    const a = [10, 30, 100];
    const b = [5, 10, 25];
    expect(pairRatios(a, b)).toEqual([2, 3, 4]);
    expect(medianPairRatio(a, b)).toBe(3);
    expect(median(a) / median(b)).toBe(3); // the same here by chance …
    expect(medianPairRatio([10, 12, 30], [5, 4, 30])).toBe(2); // … not here: 12 / 5 = 2.4
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => pairRatios([1], [1, 2])).toThrow(/unpaired/);
  });

  it("runs a warm-up pair, then A B A B …", async () => {
    const order: string[] = [];
    let t = 0;
    const side = (name: string, ms: number) => async () => {
      order.push(name);
      t++;
      return ms * t;
    };
    const pairs = await interleavedPairs(3, side("a", 2), side("b", 1));
    expect(order).toEqual(["a", "b", "a", "b", "a", "b", "a", "b"]);
    // Warm-up (t = 1, 2) dropped; then a = 2·3, b = 1·4, …
    expect(pairs.a).toEqual([6, 10, 14]);
    expect(pairs.b).toEqual([4, 6, 8]);
    expect(pairs.ratio).toBe(medianPairRatio(pairs.a, pairs.b));
  });

  it("alternates which side runs first when asked (two builds of one command)", async () => {
    const order: string[] = [];
    const side = (name: string) => async () => {
      order.push(name);
      return order.length;
    };
    const pairs = await interleavedPairs(4, side("a"), side("b"), undefined, { alternate: true });
    expect(order).toEqual(["a", "b", "a", "b", "b", "a", "a", "b", "b", "a"]);
    // Each pair keeps its own A and B whichever ran first: a = 3, 6, 7, 10; b = 4, 5, 8, 9.
    expect(pairs.a).toEqual([3, 6, 7, 10]);
    expect(pairs.b).toEqual([4, 5, 8, 9]);
  });
});

describe("the A/B tool's arguments (bench/ab.ts)", () => {
  it("takes two checkouts, a mode, rounds and B's variables; defaults to 21 cold pairs", () => {
    expect(parseAbArgs(["--a", "x", "--b", "y"])).toEqual({
      a: resolve("x"),
      b: resolve("y"),
      mode: "cold",
      rounds: 21,
      envB: {},
    });
    const options = parseAbArgs([
      "--a",
      ".",
      "--b",
      "../wt",
      "--mode",
      "infer-warm",
      "--rounds",
      "9",
      "--env-b",
      "CV_TRY=1",
      "--env-b",
      "EMPTY=",
    ]);
    expect(options).toMatchObject({
      mode: "infer-warm",
      rounds: 9,
      envB: { CV_TRY: "1", EMPTY: "" },
    });
  });

  it("refuses what it cannot run, saying what it wants", () => {
    expect(() => parseAbArgs(["--a", "x"])).toThrow(/--a DIR and --b DIR/);
    expect(() => parseAbArgs(["--a", "x", "--b", "y", "--mode", "hot"])).toThrow(
      /one of cold, warm, edited, infer-warm, help/,
    );
    expect(() => parseAbArgs(["--a", "x", "--b", "y", "--rounds", "0"])).toThrow(/whole number/);
    expect(() => parseAbArgs(["--a", "x", "--b", "y", "--env-b", "=1"])).toThrow(/NAME=VALUE/);
    expect(() => parseAbArgs(["--a", "x", "--b"])).toThrow(/--b needs a value/);
    expect(() => parseAbArgs(["--a", "x", "--b", "y", "--cold"])).toThrow(
      /unknown argument --cold/,
    );
  });
});

describe("process-tree memory", () => {
  it("parses /proc/<pid>/status and task children", () => {
    const status = "Name:\tnode\nVmPeak:\t  900 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 1000 kB\n";
    expect(parseVmRssKb(status)).toBe(123456);
    expect(parseVmRssKb("Name:\tzombie\nState:\tZ (zombie)\n")).toBeUndefined();
    expect(parseChildren("4242 4243 ")).toEqual([4242, 4243]);
    expect(parseChildren("")).toEqual([]);
  });

  it("sums VmRSS over every thread's children, skipping processes gone or zombie", () => {
    // 1 (threads 1, 2) → 10 (from thread 2, e.g. a worker's tsgo) → 11, 12; 13 gone; 12 a zombie.
    const tasks: Record<number, number[]> = { 1: [1, 2], 10: [10], 11: [11], 12: [12] };
    const files: Record<string, string> = {
      "/proc/1/task/1/children": "",
      "/proc/1/task/2/children": "10 13",
      "/proc/10/task/10/children": "11 12 ",
      "/proc/11/task/11/children": "",
      "/proc/12/task/12/children": "",
      "/proc/1/status": "VmRSS:\t 100 kB\n",
      "/proc/10/status": "VmRSS:\t 20 kB\n",
      "/proc/11/status": "VmRSS:\t 3 kB\n",
      "/proc/12/status": "State:\tZ (zombie)\n",
    };
    const fs: ProcFs = { tasks: (pid) => tasks[pid], read: (path) => files[path] };
    expect(processTree(1, fs).sort((x, y) => x - y)).toEqual([1, 10, 11, 12]);
    expect(treeRssKb(1, fs)).toEqual({ kb: 123, processes: 3 });
  });

  it("samples a real tree: a parent and the child holding the memory", async () => {
    const child = "const b = Buffer.alloc(150e6, 1); setTimeout(() => b.length, 400);";
    const parent = `require("node:child_process").spawn(process.execPath, ["-e", ${JSON.stringify(child)}], { stdio: "inherit" });`;
    const r = await runProcess(process.execPath, ["-e", parent], {
      cwd: process.cwd(),
      sampleMemory: true,
    });
    expect(r.code).toBe(0);
    if (process.platform !== "linux") return;
    expect(r.peakProcesses).toBe(2);
    expect(r.peakRssMB).toBeGreaterThan(150);
    expect(r.samples).toBeGreaterThan(10);
  }, 60_000);
});

describe("the yardstick", () => {
  it("bundles Convex's entry points with the esbuild convex depends on", () => {
    const root = join(scratch, "app");
    const { dir } = generateApp(root);
    mkdirSync(join(dir, "sub"), { recursive: true });
    for (const skipped of ["schema.ts", "mod.test.ts", ".hidden.ts", "sub/with space.ts"])
      writeFileSync(join(dir, skipped), "export const x = 1;\n");
    const y = yardstickCommand(root, dir, "/tmp/out");
    expect(existsSync(y.command)).toBe(true);
    expect(y.args.slice(0, 5)).toEqual([
      "--bundle",
      "--format=esm",
      "--splitting",
      "--platform=browser",
      "--outdir=/tmp/out",
    ]);
    expect(y.entries).toHaveLength(MODULES);
    expect(y.entries.every((e) => /^convex\/area\d\/mod\d+\.ts$/.test(e))).toBe(true);
    expect(y.args.slice(-MODULES)).toEqual(y.entries);
    // For scale only: the pinned flags, then the rest of what Convex's deploy passes esbuild.
    expect(y.deployArgs.slice(0, 6)).toEqual(y.args.slice(0, 6));
    expect(y.deployArgs).toEqual(
      expect.arrayContaining(["--sourcemap", "--minify-identifiers", "--keep-names"]),
    );
    expect(y.deployArgs.slice(-MODULES)).toEqual(y.entries);
    expect(FUNCTIONS).toBe(MODULES * 5);
  });
});
