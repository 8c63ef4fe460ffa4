/**
 * What both inference engines read before any compiler is loaded: the tsconfig to use, the
 * compiler options forced on top of it, and the checks that turn a wrong path into exit 2.
 * Compiler-free on purpose: the native engine must not pay for loading TypeScript 5.9.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { InputError } from "../../input-error.ts";

/** Used when the app has no tsconfig (or it cannot be read): what Convex's template sets. */
export const DEFAULT_COMPILER_OPTIONS = {
  target: "ES2022",
  module: "ESNext",
  moduleResolution: "Bundler",
  allowJs: true,
  strict: true,
  esModuleInterop: true,
  allowImportingTsExtensions: true,
  jsx: "react-jsx",
} as const;

/**
 * Always on, whatever the app says: we never emit or report type errors, and without
 * `strictNullChecks` the checker erases `null`/`undefined`, the very changes we look for.
 * Convex deploys .js modules too; their (JSDoc or inferred) types are better than nothing.
 */
export const FORCED_COMPILER_OPTIONS = {
  noEmit: true,
  skipLibCheck: true,
  strictNullChecks: true,
  allowJs: true,
  declaration: false,
  incremental: false,
  composite: false,
} as const;

/** The tsconfig for `convexDir`: an explicit one, `convex/tsconfig.json`, else the nearest one up. */
export function findTsconfig(convexDir: string, explicit?: string): string | undefined {
  if (explicit) return resolve(explicit);
  const own = join(convexDir, "tsconfig.json");
  if (existsSync(own)) return resolve(own);
  for (let dir = dirname(resolve(convexDir)); ; dir = dirname(dir)) {
    const candidate = join(dir, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Exit-2 errors for a missing convex folder or `--tsconfig`, before any compiler starts. */
export function checkInferInputs(convexDir: string, tsconfig?: string): void {
  if (!existsSync(convexDir) || !statSync(convexDir).isDirectory()) {
    throw new InputError(
      `Convex folder "${convexDir}" does not exist or is not a folder; pass --convex-dir with the folder that holds schema.ts and your functions.`,
      convexDir,
    );
  }
  if (tsconfig && !existsSync(tsconfig)) {
    throw new InputError(
      `tsconfig "${tsconfig}" does not exist; pass an existing tsconfig.json or leave it out.`,
      tsconfig,
    );
  }
}
