/**
 * Runs a bundle from `bundle.ts` in a worker thread and waits for what `runtime.ts` posts. The app's
 * modules run there, not in the CLI's thread: a module that calls `process.exit` ends only the
 * worker, one that never finishes importing (a top-level `await` that never settles, an endless
 * loop) is stopped after `timeoutMs`, and timers or sockets it opens end with the worker. Each of
 * these is reported, never read as a verdict.
 */
import { Worker } from "node:worker_threads";
import type { ImportEnvOptions } from "../env.ts";
import type { ModuleFailure, RuntimeData, RuntimeMessage } from "./runtime.ts";

export type WorkerOutcome =
  | Extract<RuntimeMessage, { type: "done" }>
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

export function runInWorker(entry: string, options: RunOptions): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    const data: RuntimeData = { codeDir: options.codeDir, env: options.env };
    const worker = new Worker(entry, { workerData: data, stdout: true, stderr: true });
    const output = options.output ?? ((text: string) => process.stderr.write(text));
    worker.stdout.on("data", (chunk: Buffer) => output(chunk.toString()));
    worker.stderr.on("data", (chunk: Buffer) => output(chunk.toString()));
    let importing: string | undefined;
    let exitCalled: number | string | undefined;
    let settled = false;
    const finish = (outcome: WorkerOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const ended = (reason: string) =>
      finish({ type: "ended", reason, ...(importing ? { module: importing } : {}) });
    const timer = setTimeout(
      () =>
        ended(
          `importing did not finish within ${Math.round(options.timeoutMs / 1000)} s ` +
            "(a top-level await that never settles, or an endless loop?); raise it with --import-timeout SECONDS",
        ),
      options.timeoutMs,
    );
    worker.on("message", (message: RuntimeMessage) => {
      if (message.type === "importing") importing = message.module;
      else if (message.type === "exit") exitCalled = message.code;
      else finish(message);
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
  });
}
