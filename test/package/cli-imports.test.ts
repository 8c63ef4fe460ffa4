/**
 * The CLI runs from dist/ in an app that installed only our `dependencies` and its own peers: every
 * package the bundled CLI (dist/cli/index.js, one file) imports or requires must be one of those.
 * commander is bundled in (a dev dependency), so an app never needs it.
 */
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { expect, it } from "vitest";

const dist = join(process.cwd(), "dist");
const pkg = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

/** The package a bare specifier names (`convex/values` → `convex`, `@a/b/c` → `@a/b`). */
const packageOf = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

function bareSpecifiers(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"'./][^"']*)["']/g,
  ))
    if (!m[1]!.includes("${")) found.add(m[1]!); // not the fix templates' generated imports
  return [...found];
}

it("the bundled CLI imports only runtime dependencies, peers and Node built-ins", () => {
  const files = [join(dist, "cli/index.js")];
  const allowed = new Set([
    ...Object.keys(pkg.dependencies),
    ...Object.keys(pkg.peerDependencies),
    "esbuild", // the app's own, resolved from its `convex` (contracts/load/esbuild.ts)
  ]);
  const specifiers = files.flatMap((file) => bareSpecifiers(readFileSync(file, "utf8")));
  const strays = specifiers.filter((s) => {
    const name = s.replace(/^node:/, "");
    return !s.startsWith("node:") && !builtinModules.includes(name) && !allowed.has(packageOf(s));
  });
  expect(specifiers.length).toBeGreaterThan(0);
  expect([...new Set(strays)]).toEqual([]);
  expect(bareSpecifiers('import x from "commander"; require("picocolors")')).toEqual([
    "commander",
    "picocolors",
  ]);
  expect(Object.keys(pkg.dependencies)).not.toContain("commander");
});
