/**
 * The package as an app installs it: `npm pack` of this repo, unpacked into `<app>/node_modules/
 * convex-versioned`. The app sits inside the repo (test/.tmp), so `convex`, `convex-helpers` and
 * `zod` resolve from the repo's node_modules, as an app's own peer dependencies would.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Packs the dist/ the global test setup built (`--ignore-scripts`: no `prepare`). Letting `npm pack`
 * rebuild would empty dist/ while test files running in parallel spawn the CLI from it or pack it.
 */
export function installPacked(app: string): void {
  const installed = join(app, "node_modules", "convex-versioned");
  mkdirSync(installed, { recursive: true });
  const pack = ["pack", "--silent", "--ignore-scripts", "--pack-destination", app];
  const tarball = execFileSync("npm", pack, {
    cwd: repo,
    encoding: "utf8",
  }).trim();
  execFileSync("tar", ["-xzf", join(app, tarball), "-C", installed, "--strip-components=1"]);
}
