/**
 * Runs a bundle from `bundle.ts` in a worker thread and waits for what `runtime.ts` posts. The app's
 * modules run there, not in the CLI's thread: a module that calls `process.exit` ends only the
 * worker, one that never finishes importing (a top-level `await` that never settles, an endless
 * loop) is stopped after `timeoutMs`, and timers or sockets it opens end with the worker. Each of
 * these is reported, never read as a verdict.
 *
 * The worker is started before the bundle exists: it boots and imports `convex/server` and
 * `convex/values` (the same modules the bundle will import, from the same folder) while esbuild
 * bundles, then imports the bundle when `run` hands it over.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { FunctionSpec } from "../../model.ts";
import type { ImportEnvOptions } from "../env.ts";
import type { ModuleFailure, RuntimeData, RuntimeMessage } from "./runtime.ts";

export type WorkerOutcome =
  /** `functionsJson`: the JSON text `functions` was parsed from. */
  | (Extract<RuntimeMessage, { type: "done" }> & {
      functions: Record<string, FunctionSpec>;
      functionsJson: string;
    })
  | Extract<RuntimeMessage, { type: "failed" }>
  /** The worker ended (exit, timeout, crash) with no answer; `module` was being imported. */
  | { type: "ended"; reason: string; module?: string };

export interface RunOptions {
  codeDir: string;
  env: ImportEnvOptions;
  timeoutMs: number;
  /** Where the app's console output goes (stderr: stdout may carry JSON). */
  output?: (text: string) => void;
}

/** The worker's script: warm the Convex modules, then import the entry it is sent. */
const BOOT = `
const { parentPort, workerData } = require("node:worker_threads");
const { pathToFileURL } = require("node:url");
const warm = import(pathToFileURL(workerData.preload).href).catch(() => {});
parentPort.once("message", async (entry) => {
  await warm;
  await import(pathToFileURL(entry).href);
});
`;

const PRELOAD = 'import "convex/server";\nimport "convex/values";\n';

export interface ImportWorker {
  /** Imports `entry` (once) and resolves with what it reported. */
  run(entry: string): Promise<WorkerOutcome>;
  /** Stops the worker if `run` was never called. */
  stop(): void;
}

export function startWorker(options: RunOptions): ImportWorker {
  const preload = join(options.codeDir, "preload.mjs");
  writeFileSync(preload, PRELOAD);
  const data: RuntimeData & { preload: string } = {
    codeDir: options.codeDir,
    env: options.env,
    preload,
  };
  const worker = new Worker(BOOT, { eval: true, workerData: data, stdout: true, stderr: true });
  const output = options.output ?? ((text: string) => process.stderr.write(text));
  worker.stdout.on("data", (chunk: Buffer) => output(chunk.toString()));
  worker.stderr.on("data", (chunk: Buffer) => output(chunk.toString()));
  let importing: string | undefined;
  let exitCalled: number | string | undefined;
  let settled = false;
  let report: (outcome: WorkerOutcome) => void = () => {};
  let early: WorkerOutcome | undefined;
  let timer: NodeJS.Timeout | undefined;
  const finish = (outcome: WorkerOutcome) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    void worker.terminate();
    early = outcome;
    report(outcome);
  };
  const ended = (reason: string) =>
    finish({ type: "ended", reason, ...(importing ? { module: importing } : {}) });
  worker.on("message", ([text, functionsJson]: [string, string?]) => {
    const message = JSON.parse(text) as RuntimeMessage;
    if (message.type === "importing") importing = message.module;
    else if (message.type === "exit") exitCalled = message.code;
    else if (message.type === "done") {
      let functions: Record<string, FunctionSpec>;
      try {
        functions = JSON.parse(functionsJson!);
      } catch (error) {
        // Only a validator's own export could be at fault (module-exports.ts splices them in).
        const text =
          "The functions' validators, as their exportArgs()/exportReturns() printed them, are not JSON " +
          `(${(error as Error).message}): an export that looks like a registered function but is not one?`;
        const failure = { module: "", message: text, missing: [], input: true };
        return finish({ type: "failed", failures: [failure] });
      }
      finish({ ...message, functions, functionsJson: functionsJson! });
    } else finish(message);
  });
  worker.on("error", (error) => {
    const failure: ModuleFailure = {
      module: importing ?? "",
      message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      missing: [],
    };
    finish({ type: "failed", failures: [failure] });
  });
  worker.on("exit", (code) =>
    ended(
      exitCalled !== undefined
        ? `it called process.exit(${exitCalled}) while being imported`
        : // 13: Node's code for a top-level await left unsettled when nothing else is pending.
          code === 0 || code === 13
          ? "it stopped before it finished importing (a top-level await that never settles?)"
          : `its import ended the thread (exit code ${code})`,
    ),
  );
  return {
    run(entry) {
      return new Promise((resolve) => {
        if (early) return resolve(early);
        report = resolve;
        timer = setTimeout(
          () =>
            ended(
              `importing did not finish within ${Math.round(options.timeoutMs / 1000)} s ` +
                "(a top-level await that never settles, or an endless loop?); raise it with --import-timeout SECONDS",
            ),
          options.timeoutMs,
        );
        worker.postMessage(entry);
      });
    },
    stop() {
      settled = true;
      void worker.terminate();
    },
  };
}
