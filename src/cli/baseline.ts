/**
 * Where `check --baseline` gets the old side: a file (lock or function-spec), the lock file as
 * committed at a git ref (`git:origin/main`, so a pull request that rewrote its own lock is still
 * judged against main), or the live deployment (`deployment`: the Convex CLI's `function-spec`;
 * `deployment:NAME` passes `--deployment NAME`, e.g. `deployment:prod`).
 */
import { type ExecFileOptions, execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { sameJson } from "../compat/diff.ts";
import {
  hashRead,
  knownHash,
  saveHashMemo,
  statIdentity,
  useHashMemo,
} from "../contracts/file-hash.ts";
import { LOCK_FILE_NAME, readSpecFile, specFromJson } from "../contracts/index.ts";
import { parseJsonText } from "../contracts/json-file.ts";
import { lockView, recordSame, sameContentIds, usedSame } from "../contracts/same-baseline.ts";
import { InputError } from "../input-error.ts";
import type { AppSpec } from "../model.ts";

/**
 * `execFile` as a promise, made on first use: reading `execFile` loads child_process (and sockets
 * and streams), which a check against the lock file never needs.
 */
function run(
  file: string,
  args: readonly string[],
  options: ExecFileOptions & { encoding: "utf8" },
): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(file, args, options);
}
const MAX_OUTPUT = 256 * 1024 * 1024;

async function fromGit(ref: string, cwd: string, flag: string): Promise<AppSpec> {
  const source = `${ref}:./${LOCK_FILE_NAME}`;
  let stdout: string;
  try {
    ({ stdout } = await run("git", ["show", source], {
      cwd,
      maxBuffer: MAX_OUTPUT,
      encoding: "utf8",
    }));
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new InputError(
      `${flag} git:${ref}: \`git show ${source}\` failed: ${stderr}\n` +
        `Fetch the ref first (in GitHub Actions: actions/checkout with fetch-depth: 0), and commit ${LOCK_FILE_NAME} there (npx convex-versioned snapshot).`,
      `git:${ref}`,
    );
  }
  return specFromJson(parseJsonText(stdout, `git:${source}`), `git:${source}`);
}

/** The app's own Convex CLI (`node_modules/.bin/convex`), as `npx convex` would find it. */
export function convexBin(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const bin = join(
      dir,
      "node_modules",
      ".bin",
      process.platform === "win32" ? "convex.cmd" : "convex",
    );
    if (existsSync(bin)) return bin;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * @param deployment passed to `function-spec --deployment` (`prod`, `staging`, a deployment name);
 *   undefined: the deployment the Convex CLI picks itself (`CONVEX_DEPLOY_KEY`, else dev).
 */
async function fromDeployment(
  cwd: string,
  env: NodeJS.ProcessEnv,
  deployment?: string,
): Promise<AppSpec> {
  const bin = convexBin(cwd);
  const specArgs = ["function-spec", ...(deployment ? ["--deployment", deployment] : [])];
  const [command, args] = bin ? [bin, specArgs] : ["npx", ["--no", "convex", ...specArgs]];
  const shown = `npx convex ${specArgs.join(" ")}`;
  const label = `deployment (${shown})`;
  let stdout: string;
  try {
    ({ stdout } = await run(command, args, {
      cwd,
      env,
      maxBuffer: MAX_OUTPUT,
      encoding: "utf8",
      shell: process.platform === "win32",
    }));
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new InputError(
      `--baseline deployment${deployment ? `:${deployment}` : ""}: \`${shown}\` failed: ${stderr}\n` +
        "It needs deployment credentials (CONVEX_DEPLOY_KEY, or a logged-in `npx convex dev` setup). " +
        "Alternatively: npx convex function-spec --prod > baseline.json, then --baseline baseline.json.",
      label,
    );
  }
  return specFromJson(parseJsonText(stdout, label), label);
}

/**
 * The baseline AppSpec for `--baseline VALUE` (default: the lock file in `cwd`). `flag` names the
 * option in errors (`surfaces record --lock` reads a lock the same way); `onRead` sees the bytes
 * of a file baseline.
 */
export async function readBaseline(
  value: string | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv,
  flag = "--baseline",
  onRead?: (bytes: Buffer) => void,
): Promise<AppSpec> {
  if (value === undefined) {
    const lock = join(cwd, LOCK_FILE_NAME);
    if (!existsSync(lock)) {
      throw new InputError(
        `${LOCK_FILE_NAME}: not found in ${cwd}. Create it with \`npx convex-versioned snapshot\` and commit it, ` +
          `or pass ${flag} FILE|git:REF|deployment.`,
        lock,
      );
    }
    return readSpecFile(lock, LOCK_FILE_NAME, onRead);
  }
  if (value.startsWith("git:")) {
    const ref = value.slice(4);
    if (!ref) throw new InputError(`${flag} git:REF needs a ref, e.g. ${flag} git:origin/main.`);
    return fromGit(ref, cwd, flag);
  }
  if (value === "deployment") return fromDeployment(cwd, env);
  if (value.startsWith("deployment:")) {
    const deployment = value.slice("deployment:".length);
    if (!deployment) {
      throw new InputError(
        "--baseline deployment:NAME needs a deployment, e.g. --baseline deployment:prod.",
      );
    }
    return fromDeployment(cwd, env, deployment);
  }
  return readSpecFile(resolve(cwd, value), value, onRead);
}

/** The file `readBaseline` reads for `value`; undefined for `git:` and `deployment` baselines. */
function baselineFile(value: string | undefined, cwd: string): string | undefined {
  if (value === undefined) return join(cwd, LOCK_FILE_NAME);
  if (value.startsWith("git:") || value === "deployment" || value.startsWith("deployment:"))
    return undefined;
  return resolve(cwd, value);
}

/** The loaded-app part of a content id (`loaded.inferred` → `loaded`). */
const loadedPart = (contentId: string) => contentId.split(".")[0];

/**
 * `check`'s baseline, which is often the current side itself (../contracts/same-baseline.ts). The
 * file is parsed as soon as it is clear it may be needed: at once when nothing is recorded for its
 * content (so it is read while the app loads, as before), when the loaded-app cache misses or
 * answers with a content nothing is recorded for, and when the current side turns out to be
 * another; never when the current side is the one recorded as equal to it.
 */
export class CheckBaseline {
  readonly #value: string | undefined;
  readonly #cwd: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #cacheDir: string | undefined;
  readonly #file: string | undefined;
  /** The file's hash as the memo knows it, and the content ids recorded as equal to it. */
  readonly #knownHash: string | undefined;
  readonly #known: Set<string>;
  #parsed: Promise<AppSpec> | undefined;
  /** The file's stat identity when its parse started, and the hash of the bytes it parsed. */
  #parsedIdentity: string | undefined;
  #parsedHash: string | undefined;

  constructor(
    value: string | undefined,
    cwd: string,
    env: NodeJS.ProcessEnv,
    cacheDir: string | undefined,
  ) {
    this.#value = value;
    this.#cwd = cwd;
    this.#env = env;
    this.#cacheDir = cacheDir;
    this.#file = cacheDir ? baselineFile(value, cwd) : undefined;
    let hash: string | undefined;
    if (cacheDir && this.#file) {
      useHashMemo(cacheDir);
      hash = knownHash(this.#file);
    }
    this.#knownHash = hash;
    this.#known = cacheDir && hash ? sameContentIds(cacheDir, hash) : new Set();
    if (this.#known.size === 0) void this.parsed();
  }

  /** The baseline as read from its source (started once, on first call). */
  parsed(): Promise<AppSpec> {
    if (!this.#parsed) {
      const file = this.#file;
      const identity = file && statIdentity(file);
      this.#parsedIdentity = identity;
      // Hashed as read (while the app loads), for `remember`.
      const onRead =
        file && identity
          ? (bytes: Buffer) => {
              this.#parsedHash = hashRead(file, identity, bytes);
            }
          : undefined;
      this.#parsed = readBaseline(this.#value, this.#cwd, this.#env, "--baseline", onRead);
      // Awaited later, or never (the current side failed first): not an unhandled rejection.
      this.#parsed.catch(() => {});
    }
    return this.#parsed;
  }

  /** For `LoadOptions.onCacheLookup`: a load that will not end in a recorded content parses now. */
  readonly onCacheLookup = (loadedId: string | undefined): void => {
    if (loadedId === undefined || !this.#knownForLoaded(loadedId)) void this.parsed();
  };

  #knownForLoaded(loadedId: string): boolean {
    for (const id of this.#known) if (loadedPart(id) === loadedId) return true;
    return false;
  }

  /**
   * The baseline for the question `alsoInfer` asks (which functions had only an inferred contract
   * and now declare `returns`), from the loaded app's content id. Undefined when the baseline is
   * recorded equal to this loaded app plus some inferred contracts: its `returns` are then the
   * app's own, and no function qualifies.
   */
  async forAlsoInfer(loadedId: string | undefined): Promise<AppSpec | undefined> {
    if (loadedId !== undefined && this.#knownForLoaded(loadedId)) return undefined;
    return this.parsed();
  }

  /** The baseline for this current side (named by `contentId`): itself, when recorded so. */
  async resolve(current: AppSpec, contentId: string | undefined): Promise<AppSpec> {
    if (contentId !== undefined && this.#known.has(contentId)) {
      usedSame(this.#cacheDir!, this.#knownHash!, contentId);
      return lockView(current);
    }
    return this.parsed();
  }

  /**
   * After the comparison: when the parsed baseline equals the current side, record it, so the next
   * check of this content against this file skips the parse.
   */
  remember(baseline: AppSpec, current: AppSpec, contentId: string | undefined): void {
    const file = this.#file;
    const cacheDir = this.#cacheDir;
    const hash = this.#parsedHash;
    if (!file || !cacheDir || !hash || contentId === undefined) return;
    // Rewritten since it was read: the hash is of the bytes parsed, not of the file as it is.
    if (statIdentity(file) !== this.#parsedIdentity) return;
    if (!sameJson(baseline, lockView(current))) return;
    saveHashMemo();
    recordSame(cacheDir, hash, contentId);
  }
}
