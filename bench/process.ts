/**
 * Whole-process measurement for the benches: run a command as a user or CI would (its own process,
 * timed from spawn to exit), sample the memory of its whole process tree, and compare two commands
 * by interleaved A/B pairs (DESIGN.md "Budgets": A B A B …, the median of the per-pair ratios,
 * after a warm-up pair).
 *
 * Memory: every `intervalMs` (10 ms) the sampler walks the tree from the root pid through
 * `/proc/<pid>/task/<tid>/children` (every thread's children: worker threads spawn `tsgo` too),
 * reads each process's `VmRSS` from `/proc/<pid>/status` and sums them; the peak is the largest
 * sum seen. Pages shared between processes (a binary mapped by two `tsgo`s) count once per process,
 * so the figure is an upper bound of what the tree holds; a child living less than one interval can
 * be missed. Linux only (the figure is absent elsewhere).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) throw new Error("median of no values");
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** `a[i] / b[i]` for each pair (A and B measured back to back). */
export function pairRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`unpaired samples: ${a.length} A, ${b.length} B`);
  return a.map((x, i) => x / b[i]!);
}

/** The budget figure: the median of the per-pair ratios (not the ratio of the medians). */
export const medianPairRatio = (a: readonly number[], b: readonly number[]): number =>
  median(pairRatios(a, b));

export interface Pairs {
  a: number[];
  b: number[];
  ratios: number[];
  ratio: number;
}

/**
 * Runs a warm-up pair (not recorded), then `rounds` pairs A B A B …, each side returning its time
 * (a side does its own untimed set-up, e.g. deleting a cache for a cold run, before it times).
 * With `alternate`, B runs first in every other pair (A B, B A, …), so neither side always runs
 * just after the other: for two builds of one command (bench/ab.ts).
 */
export async function interleavedPairs(
  rounds: number,
  a: () => Promise<number>,
  b: () => Promise<number>,
  onPair?: (round: number, a: number, b: number) => void,
  { alternate = false } = {},
): Promise<Pairs> {
  await a();
  await b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (alternate && round % 2 === 1) {
      bs.push(await b());
      as.push(await a());
    } else {
      as.push(await a());
      bs.push(await b());
    }
    onPair?.(round, as.at(-1)!, bs.at(-1)!);
  }
  const ratios = pairRatios(as, bs);
  return { a: as, b: bs, ratios, ratio: median(ratios) };
}

/** `VmRSS` of a `/proc/<pid>/status` text, in kB; undefined for a zombie (no memory left). */
export function parseVmRssKb(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) : undefined;
}

/** The pids of a `/proc/<pid>/task/<tid>/children` text ("123 456 "). */
export function parseChildren(text: string): number[] {
  return text
    .split(/\s+/)
    .filter((s) => s !== "")
    .map(Number);
}

/** What the sampler reads of /proc; a fake in the tests. Both return undefined once a pid is gone. */
export interface ProcFs {
  tasks(pid: number): number[] | undefined;
  read(path: string): string | undefined;
}

export const procFs: ProcFs = {
  tasks(pid) {
    try {
      return readdirSync(`/proc/${pid}/task`).map(Number);
    } catch {
      return undefined;
    }
  },
  read(path) {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

/** The pids of the tree under `root` (itself included) that are still there. */
export function processTree(root: number, fs: ProcFs = procFs): number[] {
  const seen = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    const tasks = fs.tasks(pid);
    if (tasks === undefined) continue;
    seen.add(pid);
    for (const tid of tasks) {
      const children = fs.read(`/proc/${pid}/task/${tid}/children`);
      if (children !== undefined) queue.push(...parseChildren(children));
    }
  }
  return [...seen];
}

/** The summed `VmRSS` of the tree under `root`, in kB, and how many processes it counted. */
export function treeRssKb(root: number, fs: ProcFs = procFs): { kb: number; processes: number } {
  let kb = 0;
  let processes = 0;
  for (const pid of processTree(root, fs)) {
    const status = fs.read(`/proc/${pid}/status`);
    const rss = status === undefined ? undefined : parseVmRssKb(status);
    if (rss === undefined) continue;
    kb += rss;
    processes++;
  }
  return { kb, processes };
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Sample the tree's memory every `intervalMs` (default 10); off for timed runs. */
  sampleMemory?: boolean;
  intervalMs?: number;
}

export interface RunResult {
  /** Wall time from spawn to exit, in ms. */
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The largest summed VmRSS of the tree seen, in MB (with `sampleMemory`, on Linux). */
  peakRssMB?: number;
  /** The most processes counted in one sample. */
  peakProcesses?: number;
  samples?: number;
}

/** Runs `command args` to its exit, timing it (and sampling its tree's memory when asked). */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let ms = 0;
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    let peakKb = 0;
    let peakProcesses = 0;
    let samples = 0;
    const sample = () => {
      if (child.pid === undefined) return;
      const { kb, processes } = treeRssKb(child.pid);
      samples++;
      if (kb > peakKb) peakKb = kb;
      if (processes > peakProcesses) peakProcesses = processes;
    };
    const sampling = options.sampleMemory && process.platform === "linux";
    const timer = sampling ? setInterval(sample, options.intervalMs ?? 10) : undefined;
    if (sampling) sample();
    child.on("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on("exit", () => {
      ms = performance.now() - start;
      clearInterval(timer);
    });
    child.on("close", (code, signal) => {
      resolve({
        ms,
        code,
        signal,
        stdout,
        stderr,
        ...(sampling ? { peakRssMB: Math.round(peakKb / 102.4) / 10, peakProcesses, samples } : {}),
      });
    });
  });
}

/** Like runProcess, but throws with the command's output unless it exits with `expectCode` (0). */
export async function runOk(
  command: string,
  args: readonly string[],
  options: RunOptions & { expectCode?: number },
): Promise<RunResult> {
  const result = await runProcess(command, args, options);
  if (result.code !== (options.expectCode ?? 0)) {
    throw new Error(
      `${[command, ...args].join(" ").slice(0, 300)} (in ${options.cwd}) exited with ${result.code ?? result.signal}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
    );
  }
  return result;
}
