/**
 * The react entry's weight in an app's bundle: esbuild --bundle --minify (ESM, browser), React,
 * react-dom and convex (convex/react, convex/browser) external since the app has them already,
 * then gzipped (zlib default level), as bench/size.ts measures the other entries. Budget 3 KB.
 */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const BUDGET_BYTES = 3 * 1024;

test("convex-versioned/react is at most 3 KB minified and gzipped", async () => {
  const result = await build({
    entryPoints: ["src/react.ts"],
    absWorkingDir: root,
    bundle: true,
    write: false,
    minify: true,
    platform: "browser",
    format: "esm",
    logLevel: "silent",
    external: ["react", "react/*", "react-dom", "react-dom/*", "convex", "convex/*"],
  });
  const code = result.outputFiles[0]!.contents;
  const gzipped = gzipSync(code).byteLength;
  // Something was measured: the entry's own code, not an empty module.
  expect(code.byteLength).toBeGreaterThan(1024);
  expect(gzipped, `react entry: ${gzipped} bytes gzipped`).toBeLessThanOrEqual(BUDGET_BYTES);
});
