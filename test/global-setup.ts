/**
 * The CLI runs from dist/ (bin/convex-versioned.js imports dist/cli/index.js), so tests that spawn it
 * must see the sources as they are now: build once before any test runs.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup() {
  const repo = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    cwd: repo,
    stdio: "inherit",
  });
}
