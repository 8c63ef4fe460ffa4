import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The nearest folder at or above `dir` holding a package.json: the app whose node_modules we use. */
export function projectRoot(dir: string): string {
  for (let cur = dir; ; cur = dirname(cur)) {
    if (existsSync(join(cur, "package.json"))) return cur;
    if (dirname(cur) === cur) return dirname(dir);
  }
}
