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
 * `build: true` lets `npm pack` run `prepare` (the build), as a publish would; `false` packs the
 * dist/ the global test setup has just built, which is the same code at a fraction of the time.
 */
export function installPacked(app: string, { build }: { build: boolean }): void {
  const installed = join(app, "node_modules", "convex-versioned");
  mkdirSync(installed, { recursive: true });
  const flags = build ? [] : ["--ignore-scripts"];
  const tarball = execFileSync("npm", ["pack", "--silent", ...flags, "--pack-destination", app], {
    cwd: repo,
    encoding: "utf8",
  }).trim();
  execFileSync("tar", ["-xzf", join(app, tarball), "-C", installed, "--strip-components=1"]);
}
