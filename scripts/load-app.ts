/**
 * convex-test outside vitest: `import.meta.glob` is a Vite feature, so the modules map is built from
 * the folder listing with dynamic imports (tsx resolves TypeScript and the tsconfig paths).
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { convexTest } from "convex-test";

function listModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listModules(path);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

export async function loadApp(convexDir: string) {
  const dir = resolve(convexDir);
  const modules = Object.fromEntries(
    listModules(dir).map((path) => [path, () => import(pathToFileURL(path).href)]),
  );
  const schema = (await import(pathToFileURL(join(dir, "schema.ts")).href)).default;
  return convexTest(schema, modules);
}
