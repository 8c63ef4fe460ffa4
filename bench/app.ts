/**
 * The generated app of the loading benches (bench/check.ts in process, bench/cli.ts as whole
 * processes): 1,000 functions in 200 modules, each module three plain functions of every kind and
 * one versioned definition with two exports. Its deprecation dates are judged as of `BENCH_NOW`, so
 * `check` passes against the app's own lock whatever the day. Also the loading yardstick's command.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { findEntryPoints } from "../src/contracts/entry-points.ts";

export const MODULES = 200;
/** Three plain functions and one versioned definition with two exports. */
export const PER_MODULE = 5;
export const FUNCTIONS = MODULES * PER_MODULE;
/** A day inside every generated deprecation window (`--now` / `now`). */
export const BENCH_NOW = "2026-07-01";

const repo = fileURLToPath(new URL("../", import.meta.url));

/** `check` on the generated app, as the CLI bench and the A/B tool (bench/ab.ts) run it. */
export const CHECK_NO_INFER = [
  "check",
  "--baseline",
  "validators.lock.json",
  "--no-infer-returns",
  "--now",
  BENCH_NOW,
];
export const CHECK_INFER = ["check", "--baseline", "inferred.lock.json", "--now", BENCH_NOW];
/** A lock one function short of the code (a function added since): it must be parsed each run. */
export const CHECK_EDITED = [
  "check",
  "--baseline",
  "edited.lock.json",
  "--no-infer-returns",
  "--now",
  BENCH_NOW,
];

/** One module: three plain functions of every kind and one versioned definition (two exports). */
export function moduleSource(m: number): string {
  return `import { v } from "convex/values";
import { defineVersioned } from "convex-versioned";
import { internalMutation, mutation, query } from "../_generated/server";

const item = v.object({ id: v.string(), title: v.string(), tags: v.array(v.string()), score: v.optional(v.number()) });

export const list${m} = query({
  args: { cursor: v.optional(v.string()), limit: v.number(), filter: v.union(v.literal("all"), v.literal("mine")) },
  returns: v.array(item),
  handler: async () => [],
});
export const create${m} = mutation({
  args: { title: v.string(), tags: v.array(v.string()), meta: v.record(v.string(), v.number()) },
  returns: v.string(),
  handler: async () => "x",
});
export const cleanup${m} = internalMutation({ args: { olderThan: v.number() }, handler: async () => {} });

export const { get${m}, fetch${m} } = defineVersioned(query, { name: "get${m}" })
  .version("2026-01-01", {
    name: "fetch${m}",
    args: { key: v.string() },
    returns: v.union(item, v.null()),
    deprecated: { since: "2026-06-01", removeAfter: "2026-12-01" },
  })
  .version("2026-06-01", {
    args: { id: v.string() },
    up: (prev) => ({ id: prev.key }),
  })
  .handler(async () => null);
`;
}

/** What `npx convex dev` writes to convex/tsconfig.json (convex/dist/esm/cli/codegen_templates). */
export const CONVEX_TSCONFIG = `{
  "compilerOptions": {
    "allowJs": true,
    "strict": true,
    "moduleResolution": "Bundler",
    "jsx": "react-jsx",
    "skipLibCheck": true,
    "allowSyntheticDefaultImports": true,
    "target": "ESNext",
    "lib": ["ES2023", "dom"],
    "forceConsistentCasingInFileNames": true,
    "module": "ESNext",
    "isolatedModules": true,
    "noEmit": true
  },
  "include": ["./**/*"],
  "exclude": ["./_generated"]
}
`;

export interface GenerateOptions {
  /** Write convex/tsconfig.json (for return inference and the app's own `tsc --noEmit`). */
  tsconfig?: boolean;
  /**
   * Link this repository as the app's `node_modules/convex-versioned`, as `npm link` would: Node,
   * esbuild and tsc then resolve `convex-versioned` through the package's own exports (dist/),
   * as in a user's app. Without it only tsconfig paths (tsx, in process) resolve it.
   */
  linkPackage?: boolean;
}

/** Writes the app (a fresh folder each time) under `root`; its functions folder is `root/convex`. */
export function generateApp(root: string, options: GenerateOptions = {}): { dir: string } {
  const dir = join(root, "convex");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(dir, "_generated"), { recursive: true });
  writeFileSync(join(root, "package.json"), "{}\n");
  writeFileSync(
    join(dir, "_generated/server.ts"),
    `export { internalMutationGeneric as internalMutation, mutationGeneric as mutation, queryGeneric as query } from "convex/server";\n`,
  );
  for (let m = 0; m < MODULES; m++) {
    const sub = join(dir, `area${m % 10}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `mod${m}.ts`), moduleSource(m));
  }
  if (options.tsconfig) writeFileSync(join(dir, "tsconfig.json"), CONVEX_TSCONFIG);
  if (options.linkPackage) {
    mkdirSync(join(root, "node_modules"), { recursive: true });
    symlinkSync(repo, join(root, "node_modules", "convex-versioned"), "dir");
  }
  return { dir };
}

/**
 * The loading yardstick (DESIGN.md "Budgets"): esbuild bundling the function modules the way
 * Convex's deploy does. The esbuild `convex` depends on, resolved from the app's `convex` as
 * Convex's CLI loads it (its own node_modules/esbuild, else the hoisted one), run as a process:
 * `--bundle --format=esm --splitting --platform=browser`, dependencies included, the entry points
 * by Convex's rule (`findEntryPoints`), relative to the app, which is the process's cwd.
 */
export function yardstickCommand(
  appRoot: string,
  functionsDir: string,
  outdir: string,
): {
  command: string;
  args: string[];
  /**
   * For scale, not the yardstick: the same build with the other options `npx convex deploy`
   * passes its esbuild for the default runtime (convex 1.48, `innerEsbuild` in
   * dist/cjs/bundler/debugBundle.js): source maps with sources, syntax and identifier
   * minification, kept names, a metafile, its conditions and `process.env.NODE_ENV`. Its JS
   * plugins (node shims, `server-only`, external packages, wasm) are left out: they need its API.
   */
  deployArgs: string[];
  entries: string[];
  esbuildVersion: string;
} {
  const convexPackage = createRequire(join(appRoot, "package.json")).resolve("convex/package.json");
  const esbuildPackage = createRequire(convexPackage).resolve("esbuild/package.json");
  const { version } = JSON.parse(readFileSync(esbuildPackage, "utf8")) as { version: string };
  const entries = findEntryPoints(functionsDir).map((file) => relative(appRoot, file));
  const flags = [
    "--bundle",
    "--format=esm",
    "--splitting",
    "--platform=browser",
    `--outdir=${outdir}`,
    "--log-level=warning",
  ];
  return {
    command: join(dirname(esbuildPackage), "bin/esbuild"),
    args: [...flags, ...entries],
    deployArgs: [
      ...flags,
      "--target=esnext",
      "--jsx=automatic",
      "--conditions=convex,module",
      "--sourcemap",
      "--minify-syntax",
      "--minify-identifiers",
      "--keep-names",
      `--metafile=${join(outdir, "metafile.json")}`,
      '--define:process.env.NODE_ENV="production"',
      "--chunk-names=_deps/[hash]",
      ...entries,
    ],
    entries,
    esbuildVersion: version,
  };
}
