/**
 * The CLI runs from dist/ (bin/convex-versioned.js imports dist/cli/index.js), so tests that spawn it
 * must see the sources as they are now: build once (dist/ emptied first) before any test runs.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup() {
  const repo = fileURLToPath(new URL("..", import.meta.url));
  execFileSync("npm", ["run", "--silent", "build"], {
    cwd: repo,
    stdio: "inherit",
  });
}
