/**
 * The queues of the components an app mounts: each instance's jobs run the component's own code,
 * so each gets a judge over the functions its definition's folder deploys (in the app, or in a
 * package), and the component's crons are judged with them. Loaded only when `check --pending`
 * reads a component's queue.
 */
import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Finding } from "../compat/types.ts";
import { type LoadOptions, loadConvexDir } from "../contracts/load.ts";
import { loadComponents } from "../contracts/load-components.ts";
import { projectRoot } from "../contracts/project-root.ts";
import { judgeCrons, PendingJudge } from "./judge.ts";

/**
 * A judge per component the app mounts, over the component's own functions (loaded from its
 * definition's folder, once per definition however often it is mounted), and its crons judged.
 */
export async function componentJudges(convexDir: string, options: LoadOptions, now: string) {
  const root = projectRoot(resolve(convexDir));
  const instances = await loadComponents(convexDir, { ...options, root });
  const specs = new Map<string, ReturnType<typeof loadConvexDir>>();
  const judges = new Map<string, PendingJudge>();
  const crons: Finding[] = [];
  const warnings = new Set<string>();
  for (const { path, dir } of instances) {
    let spec = specs.get(dir);
    if (!spec) {
      // Bundled with its dependencies, as Convex deploys a component: a package's own dependencies
      // need not be reachable from the app's node_modules.
      spec = loadConvexDir(dir, { ...options, root, bundleDependencies: true });
      specs.set(dir, spec);
    }
    const component = { path, packaged: isPackaged(dir, root) };
    const { warnings: loadWarnings, ...app } = await spec;
    for (const warning of loadWarnings) warnings.add(warning);
    judges.set(path, new PendingJudge(app, undefined, now, component));
    crons.push(...judgeCrons(app, app.crons ?? [], component));
  }
  return { judges, crons, warnings: [...warnings] };
}

/** A component defined in a package (node_modules, or outside the app) rather than in the app. */
function isPackaged(dir: string, root: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const rel = relative(real(root), real(dir));
  return rel.startsWith("..") || isAbsolute(rel) || rel.split(sep).includes("node_modules");
}
