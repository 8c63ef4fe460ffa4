/**
 * The environment a module sees while the CLI imports it. The Convex backend imports modules with
 * the deployment's environment variables set, so a module may read `process.env.X` at import time;
 * the CLI can set them (`--env-file`, `--env`), or, in CI without secrets, hand out placeholder
 * strings (`--env-placeholders`). Either way it records which unset variables were read, so a
 * module that throws for lack of one gets a hint naming it.
 */
import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { InputError } from "../input-error.ts";

export interface ImportEnvOptions {
  /** Variables set in `process.env` during the import (from `--env-file` and `--env`). */
  env?: Record<string, string>;
  /** A missing variable reads as `convex-versioned-placeholder:NAME` instead of `undefined`. */
  envFallback?: boolean;
}

export const PLACEHOLDER_PREFIX = "convex-versioned-placeholder:";

// Read by Node and common libraries for their own purposes, never the app's configuration:
// substituting them would change library behaviour, and reporting them would be noise.
// Test runners' and coverage tools' markers too, which libraries probe to detect them (a
// placeholder would tell them they run under Jest): no deployment sets them.
const NOT_APP_VARIABLES = new Set([
  "NODE_ENV",
  "NODE_DEBUG",
  "NODE_OPTIONS",
  "DEBUG",
  "FORCE_COLOR",
  "NO_COLOR",
  "NODE_V8_COVERAGE",
  "JEST_WORKER_ID",
  "VITEST",
  "VITEST_WORKER_ID",
  "VITEST_POOL_ID",
  // Not variables: a promise resolving to `process.env` asks it for `then`, JSON for `toJSON`.
  "then",
  "toJSON",
]);

/** What happened to `process.env` during one import. */
export interface EnvTrace {
  /** Unset variables read (and not provided), in first-read order. */
  missing: string[];
  /** Variables that read as a placeholder (only with `envFallback`). */
  placeholdered: string[];
}

/**
 * Whether the current `process.env` read comes from the app's bundled code (a frame in `codeDir`,
 * a real path: stack frames name modules by their real path, so a symlinked `node_modules` or app
 * folder must be resolved by the caller). Node's module loader and libraries probe variables of
 * their own (`NODE_V8_COVERAGE`, `WATCH_REPORT_DEPENDENCIES`, …) while the app is imported; those
 * are none of the app's business.
 */
function readByAppCode(codeDir: string): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  // Frames: the message, this function, the proxy's `get`, then the code that read the variable.
  // Node's own module loader reads variables while importing the app: not the app's reads.
  if (stack.split("\n")[3]?.includes("node:internal")) return false;
  return stack.includes(codeDir);
}

export interface ImportEnv {
  /** The trace so far; starts a new one, to attribute reads to each module. */
  takeTrace(): EnvTrace;
  /** Every variable app code read, with the value it got (`null`: unset and not placeholdered). */
  reads(): Record<string, string | null>;
  /** Puts `process.env` back exactly as it was. */
  restore(): void;
}

/**
 * Prepares `process.env` as the backend would have it while the app is imported. Only reads by
 * code under `codeDir` (the bundles) are traced or placeholdered.
 */
export function installImportEnv(options: ImportEnvOptions, codeDir: string): ImportEnv {
  const original = process.env;
  const saved = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(options.env ?? {})) {
    saved.set(key, original[key]);
    original[key] = value;
  }
  let trace: EnvTrace = { missing: [], placeholdered: [] };
  const reads: Record<string, string | null> = {};
  process.env = new Proxy(original, {
    get(target, key, receiver) {
      if (typeof key !== "string" || NOT_APP_VARIABLES.has(key) || !readByAppCode(codeDir)) {
        return Reflect.get(target, key, receiver);
      }
      if (key in target) {
        reads[key] = target[key] ?? null;
        return Reflect.get(target, key, receiver);
      }
      if (!trace.missing.includes(key)) trace.missing.push(key);
      if (!options.envFallback) {
        reads[key] = null;
        return undefined;
      }
      if (!trace.placeholdered.includes(key)) trace.placeholdered.push(key);
      reads[key] = `${PLACEHOLDER_PREFIX}${key}`;
      return reads[key];
    },
  });
  return {
    takeTrace() {
      const current = trace;
      trace = { missing: [], placeholdered: [] };
      return current;
    },
    reads: () => ({ ...reads }),
    restore() {
      process.env = original;
      for (const [key, value] of saved) {
        if (value === undefined) delete original[key];
        else original[key] = value;
      }
    },
  };
}

/** `installImportEnv` around `fn`, restored whatever `fn` does. */
export async function withImportEnv<T>(
  options: ImportEnvOptions,
  codeDir: string,
  fn: (trace: () => EnvTrace) => Promise<T>,
): Promise<T> {
  const env = installImportEnv(options, codeDir);
  try {
    return await fn(env.takeTrace);
  } finally {
    env.restore();
  }
}

/** Reads a dotenv file (Node's own parser: `KEY=value`, quotes, `#` comments, `export`). */
export function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `--env-file ${file}: cannot read it (${code === "ENOENT" ? "no such file" : String(error)}).`,
      file,
    );
  }
  return parseEnv(text) as Record<string, string>;
}

/** Parses repeated `--env KEY=VALUE` flags. */
export function parseEnvPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const key = eq > 0 ? pair.slice(0, eq) : "";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new InputError(
        `--env ${pair}: expected KEY=VALUE with KEY a variable name, e.g. --env STRIPE_KEY=sk_test_123.`,
      );
    }
    out[key] = pair.slice(eq + 1);
  }
  return out;
}

/** Names in an error message that look like environment variables (`STRIPE_KEY`, `OPENAI_API_KEY`). */
export function guessVariables(message: string): string[] {
  const names = new Set<string>();
  for (const m of message.matchAll(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]!);
  for (const m of message.matchAll(/\b([A-Z][A-Z0-9]*_[A-Z0-9_]+)\b/g)) names.add(m[1]!);
  return [...names].filter((name) => process.env[name] === undefined);
}
