/**
 * Installed size that `npm install convex-versioned` adds to an app that already has `convex` and
 * `typescript` (DESIGN.md: ≤ 35 MB), for bench/cli.ts: a fresh app in `work/app` gets the versions
 * of this repo's package-lock.json (from the local npm cache when there), then the repo packed by
 * `npm pack` (scripts skipped: bench/cli.ts has just built dist/) is installed into it; the figure
 * is the growth of `du -sb node_modules`. Packages are compared by path and version; each added
 * one is sized like `du -sb` (apparent bytes of its files, folders and links) without its own
 * nested node_modules, a hard-linked file once (esbuild's postinstall links the platform binary
 * into esbuild/bin: it counts for the @esbuild/<platform> package, sized first).
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { runOk } from "./process.ts";

const MB = 1_000_000;
const toMB = (bytes: number) => Math.round(bytes / (MB / 10)) / 10;

async function duBytes(path: string, env: NodeJS.ProcessEnv): Promise<number> {
  const { stdout } = await runOk("du", ["-sb", path], { cwd: "/", env });
  return Number(stdout.split(/\s/)[0]);
}

/** Apparent bytes under `dir` but not in its node_modules, counting each inode in `seen` once. */
export function ownBytes(dir: string, seen: Set<string>, top = true): number {
  let bytes = 0;
  const stat = lstatSync(dir);
  const key = `${stat.dev}:${stat.ino}`;
  if (seen.has(key)) return 0;
  seen.add(key);
  bytes += stat.size;
  if (!stat.isDirectory()) return bytes;
  for (const entry of readdirSync(dir)) {
    if (top && entry === "node_modules") continue;
    bytes += ownBytes(join(dir, entry), seen, false);
  }
  return bytes;
}

/** `relative/path` → version of every package under `nodeModules`, nested ones included. */
export function listPackages(nodeModules: string, prefix = ""): Map<string, string> {
  const found = new Map<string, string>();
  if (!existsSync(nodeModules)) return found;
  const visit = (dir: string, rel: string) => {
    const manifest = join(dir, "package.json");
    if (!existsSync(manifest)) return;
    const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version?: string };
    found.set(rel, version ?? "?");
    for (const [path, version] of listPackages(join(dir, "node_modules"), `${rel}/node_modules/`))
      found.set(path, version);
  };
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    if (entry.name.startsWith("@")) {
      for (const scoped of readdirSync(join(nodeModules, entry.name), { withFileTypes: true })) {
        if (scoped.isDirectory())
          visit(
            join(nodeModules, entry.name, scoped.name),
            `${prefix}${entry.name}/${scoped.name}`,
          );
      }
    } else {
      visit(join(nodeModules, entry.name), `${prefix}${entry.name}`);
    }
  }
  return found;
}

const npmInstall = (app: string, specs: string[], env: NodeJS.ProcessEnv) =>
  runOk(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", ...specs],
    { cwd: app, env },
  );

export async function measureInstalledSize(repo: string, work: string, env: NodeJS.ProcessEnv) {
  const app = join(work, "app");
  mkdirSync(app, { recursive: true });
  writeFileSync(
    join(app, "package.json"),
    `${JSON.stringify({ name: "size-app", version: "0.0.0", private: true, type: "module" }, null, 2)}\n`,
  );
  const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version: string }>;
  };
  const convex = lock.packages["node_modules/convex"]!.version;
  const typescript = lock.packages["node_modules/typescript"]!.version;
  await npmInstall(app, [`convex@${convex}`, `typescript@${typescript}`], env);
  const nodeModules = join(app, "node_modules");
  const beforeBytes = await duBytes(nodeModules, env);
  const before = listPackages(nodeModules);
  const binsBefore = new Set(readdirSync(join(nodeModules, ".bin")));

  await runOk("npm", ["pack", "--ignore-scripts", "--pack-destination", work], {
    cwd: repo,
    env,
  });
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${work}`);
  await npmInstall(app, [join(work, tarball)], env);
  const afterBytes = await duBytes(nodeModules, env);
  const after = listPackages(nodeModules);

  const added: { name: string; bytes: number }[] = [];
  const seen = new Set<string>();
  // Sorted, so a scoped platform package (@esbuild/linux-x64) is sized before what links to it.
  for (const [path, version] of [...after].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (before.get(path) === version) continue;
    added.push({ name: `${path}@${version}`, bytes: ownBytes(join(nodeModules, path), seen) });
  }
  added.sort((a, b) => b.bytes - a.bytes);
  return {
    addedMB: toMB(afterBytes - beforeBytes),
    beforeMB: toMB(beforeBytes),
    afterMB: toMB(afterBytes),
    top: added.slice(0, 5).map((p) => ({ name: p.name, MB: toMB(p.bytes) })),
    addedPackages: added.length,
    bins: readdirSync(join(nodeModules, ".bin")).filter((b) => !binsBefore.has(b)),
    convex,
    typescript,
  };
}
