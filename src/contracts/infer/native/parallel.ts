/**
 * The native engine on more than one core. One `tsgo` answers one request at a time, so on a
 * large app the checker (one request for every export's type) and the conversion's round trips
 * run one after the other. Here the function modules are dealt round-robin into parts; this
 * thread infers the first part and a worker thread, with its own `tsgo`, each other part.
 * Contracts are canonical (sorted keys and union members), so how the modules are split never
 * shows in the result (`test/infer/parallel.test.ts`).
 *
 * Workers run the compiled `worker.js` from dist/ (plain Node cannot run the `.ts` sources, which
 * only the tests and the bench import; `npm run build` writes dist/ before either runs).
 */

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { listEntryFiles } from "../entries.ts";
import type { InferOptions } from "../index.ts";
import { checkInferInputs } from "../inputs.ts";
import { inferNative, type NativeResult } from "./index.ts";
import { tsgoExecutable } from "./tsgo.ts";

/** Below this many function modules per part, a second `tsgo` costs more than it saves. */
export const MIN_MODULES_PER_PART = 25;
const MAX_PARTS = 4;

/** How many parts `modules` function modules are worth, on this machine. */
export function defaultParts(modules: number): number {
  return Math.max(
    1,
    Math.min(availableParallelism(), MAX_PARTS, Math.floor(modules / MIN_MODULES_PER_PART)),
  );
}

export async function inferNativeParallel(
  opts: InferOptions,
  parts?: number,
): Promise<NativeResult> {
  const start = performance.now();
  checkInferInputs(opts.convexDir, opts.tsconfig);
  const moduleOf = (id: string) => id.slice(0, id.lastIndexOf(":"));
  // Only modules with a function to infer: the others need no checker (the CLI asks for the
  // functions without `returns`, often a few modules of many).
  const only = new Set(opts.modules ?? listEntryFiles(opts.convexDir).map((e) => e.module));
  const asked = opts.functions && new Set(opts.functions.map(moduleOf));
  const modules = [...only].filter((m) => !asked || asked.has(m));
  const count = Math.min(parts ?? defaultParts(modules.length), modules.length);
  if (count <= 1) return inferNative({ ...opts, modules });

  const shares = Array.from({ length: count }, (_, i) => modules.filter((_, j) => j % count === i));
  const shareOf = new Map(shares.flatMap((share, i) => share.map((m) => [m, i] as const)));
  const optsFor = (i: number): InferOptions => {
    const { functions, ...rest } = opts;
    // A wanted function in no listed module goes to the first part, whose answer says why.
    const mine = functions?.filter((id) => (shareOf.get(moduleOf(id)) ?? 0) === i);
    return {
      ...rest,
      modules: shares[i]!,
      tsgo: opts.tsgo ?? tsgoExecutable(),
      ...(mine ? { functions: mine } : {}),
    };
  };
  const others = shares.slice(1).map((_, k) => inWorker(optsFor(k + 1)));
  // Caught now: if this thread's part throws, the workers' rejections must not go unhandled.
  for (const p of others) p.catch(() => {});
  const first = inferNative(optsFor(0));
  const results = [first, ...(await Promise.all(others))];
  return {
    contracts: Object.assign({}, ...results.map((r) => r.contracts)),
    // Config diagnostics come from every part; each once.
    diagnostics: [...new Set(results.flatMap((r) => r.diagnostics))],
    ms: performance.now() - start,
    phases: {
      program: Math.max(...results.map((r) => r.phases.program)),
      types: Math.max(...results.map((r) => r.phases.types)),
      convert: Math.max(...results.map((r) => r.phases.convert)),
    },
    files: [...new Set(results.flatMap((r) => r.files))],
  };
}

/** dist/…/worker.js, from dist/ itself or from the sources beside it. */
const WORKER = import.meta.url.endsWith(".ts")
  ? new URL("../../../../dist/contracts/infer/native/worker.js", import.meta.url)
  : new URL("./worker.js", import.meta.url);

function inWorker(opts: InferOptions): Promise<NativeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER);
    worker.once("message", (m: { ok?: NativeResult; error?: string }) => {
      void worker.terminate();
      if (m.ok) resolve(m.ok);
      else reject(new Error(m.error ?? "inference worker failed"));
    });
    worker.once("error", reject);
    worker.postMessage(opts);
  });
}
