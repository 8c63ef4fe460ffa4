/** Worker side of `parallel.ts`: one `tsgo` over a share of the function modules. */
import { parentPort } from "node:worker_threads";
import type { InferOptions } from "../index.ts";
import { inferNative } from "./index.ts";

parentPort?.once("message", (opts: InferOptions) => {
  try {
    parentPort?.postMessage({ ok: inferNative(opts) });
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
