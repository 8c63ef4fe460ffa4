/**
 * src/pending/layout-wasm.ts is generated from layout.wat (`npm run wasm`) and committed: it must be
 * what the .wat compiles to now, or the CLI would run code no one can read.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

test("layout-wasm.ts is what layout.wat compiles to (npm run wasm)", async () => {
  const script = fileURLToPath(new URL("../../scripts/build-wasm.mjs", import.meta.url));
  const code = await new Promise<number>((done) => {
    execFile(process.execPath, [script, "--check"], (error) =>
      done(error ? Number(error.code) : 0),
    );
  });
  expect(code, "src/pending/layout-wasm.ts is stale: run `npm run wasm`").toBe(0);
}, 60_000);
