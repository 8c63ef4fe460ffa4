/**
 * The function modules of a convex/ folder, with their module paths. Delegates to the loader's
 * `findEntryPoints` (Convex's bundler rules) so inferred contracts are keyed exactly like the
 * functions `loadConvexDir` reads and `npx convex deploy` pushes.
 */
import { resolve } from "node:path";
import { findEntryPoints, modulePath } from "../entry-points.ts";

export interface EntryFile {
  /** Absolute path. */
  path: string;
  /** Module path as Convex names it: relative, `/`-separated, without extension (`admin/users`). */
  module: string;
}

export function listEntryFiles(convexDir: string): EntryFile[] {
  const dir = resolve(convexDir);
  return findEntryPoints(dir).map((path) => ({ path, module: modulePath(dir, path) }));
}
