/**
 * Vitest config for benchmarks that need convex-test (edge-runtime, like `test/runtime/**`). Kept apart
 * from the root config so `npm test` never runs a benchmark. Used by `bench/runtime.ts`:
 * `npx vitest run --config bench/vitest.config.ts`.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import rootConfig from "../vitest.config.ts";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  // The same package-name aliases as the tests: the fixture imports "convex-versioned" as users do.
  resolve: rootConfig.resolve,
  test: {
    environment: "edge-runtime",
    include: ["bench/**/*.bench-run.test.ts"],
    server: { deps: { inline: ["convex-test"] } },
    // One long measurement, nothing to parallelise.
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
