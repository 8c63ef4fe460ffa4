import { defineConfig } from "vitest/config";

// Two environments: Convex function tests run in edge-runtime (the closest thing to the Convex
// isolate that convex-test supports); CLI, spec and compat tests need Node's fs and child_process.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "runtime",
          environment: "edge-runtime",
          include: ["test/runtime/**/*.test.ts"],
          server: { deps: { inline: ["convex-test"] } },
        },
      },
      {
        extends: true,
        test: {
          name: "node",
          environment: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/runtime/**", "test/fixtures/**", "**/node_modules/**"],
        },
      },
    ],
    typecheck: { enabled: false },
  },
});
