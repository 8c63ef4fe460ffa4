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
import { sameApp } from "../compat/diff.ts";
import {
  hashBytes,
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

/** `git:REF`: the lock file as committed at REF, as text, and the name to give it in messages. */
async function gitLock(
  ref: string,
  cwd: string,
  flag: string,
): Promise<{ text: string; label: string }> {
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
  return { text: stdout, label: `git:${source}` };
}

/** The lock file's text as read (`gitLock`) as an AppSpec. */
function specFromText({ text, label }: { text: string; label: string }): Promise<AppSpec> {
  return specFromJson(parseJsonText(text, label), label);
}

/** `git:REF` as a ref (`flag` names the option in errors). */
function gitRef(value: string, flag: string): string {
  const ref = value.slice(4);
  if (!ref) throw new InputError(`${flag} git:REF needs a ref, e.g. ${flag} git:origin/main.`);
  return ref;
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
  if (value.startsWith("git:")) return specFromText(await gitLock(gitRef(value, flag), cwd, flag));
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

/** What is known of a baseline's bytes before it is parsed: their hash, and the contents recorded as equal to them. */
interface Known {
  hash?: string;
  ids: Set<string>;
}

/**
 * `check`'s baseline, which is often the current side itself (../contracts/same-baseline.ts): a
 * lock file, or the lock at `git:REF` (whose text `git show` gives anyway). It is parsed once it
 * is clear it is needed, and while this thread has nothing else to do:
 * - a file or `git:REF` baseline, with a cache: when the loaded-app cache answers with a content
 *   nothing is recorded for (at once), or misses (once the app is bundled, `onBundled`: while the
 *   worker imports it this thread only waits, whereas during bundling esbuild and the booting
 *   worker already keep both cores of a small CI machine busy);
 * - without a cache, or from a deployment (a fetch that takes longer than the load): at once;
 * - in any case when the current side turns out to be another, or failed;
 * - never when the current side is the one recorded as equal to it.
 */
export class CheckBaseline {
  readonly #value: string | undefined;
  readonly #cwd: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #cacheDir: string | undefined;
  readonly #file: string | undefined;
  /** With `git:REF` and a cache: the lock's text, read once. */
  readonly #git: Promise<{ text: string; label: string }> | undefined;
  readonly #known: Promise<Known>;
  #parsed: Promise<AppSpec> | undefined;
  /** A file's stat identity when its parse started; the hash of the bytes parsed. */
  #parsedIdentity: string | undefined;
  #parsedHash: string | undefined;
  /** A file or `git:REF` with a cache: the load's lookup says when the parse is needed. */
  readonly #waitsForLoad: boolean;
  /** The load missed its cache, and the parse waits for its bundle. */
  #afterBundle = false;
  #bundled = false;

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
    const none: Known = { ids: new Set() };
    if (cacheDir && this.#file) {
      useHashMemo(cacheDir);
      const hash = knownHash(this.#file);
      this.#known = Promise.resolve(hash ? { hash, ids: sameContentIds(cacheDir, hash) } : none);
    } else if (cacheDir && value?.startsWith("git:")) {
      const git = (async () => gitLock(gitRef(value, "--baseline"), cwd, "--baseline"))();
      // Awaited by `parsed`, or never (the current side failed first): not an unhandled rejection.
      git.catch(() => {});
      this.#git = git;
      this.#known = git.then(
        ({ text }) => {
          const hash = hashBytes(Buffer.from(text));
          return { hash, ids: sameContentIds(cacheDir, hash) };
        },
        () => none,
      );
    } else this.#known = Promise.resolve(none);
    this.#waitsForLoad = this.#file !== undefined || this.#git !== undefined;
    void this.#known.then(({ ids }) => {
      if (ids.size === 0 && !this.#waitsForLoad) void this.parsed();
    });
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
      this.#parsed = this.#git
        ? this.#git.then(specFromText)
        : readBaseline(this.#value, this.#cwd, this.#env, "--baseline", onRead);
      // Awaited later, or never (the current side failed first): not an unhandled rejection.
      this.#parsed.catch(() => {});
    }
    return this.#parsed;
  }

  /**
   * For `LoadOptions.onCacheLookup`: a load that will not end in a recorded content parses now, or,
   * when it bundles first, once it has (`onBundled`).
   */
  readonly onCacheLookup = (loadedId: string | undefined): void => {
    void this.#known.then(({ ids }) => {
      if (loadedId !== undefined && knownForLoaded(ids, loadedId)) return;
      if (loadedId === undefined && this.#waitsForLoad && !this.#bundled) this.#afterBundle = true;
      else void this.parsed();
    });
  };

  /** For `LoadOptions.onBundled`. */
  readonly onBundled = (): void => {
    this.#bundled = true;
    if (this.#afterBundle) void this.parsed();
  };

  /**
   * The baseline for the question `alsoInfer` asks (which functions had only an inferred contract
   * and now declare `returns`), from the loaded app's content id. Undefined when the baseline is
   * recorded equal to this loaded app plus some inferred contracts: its `returns` are then the
   * app's own, and no function qualifies.
   */
  async forAlsoInfer(loadedId: string | undefined): Promise<AppSpec | undefined> {
    const { ids } = await this.#known;
    if (loadedId !== undefined && knownForLoaded(ids, loadedId)) return undefined;
    return this.parsed();
  }

  /** The baseline for this current side (named by `contentId`): itself, when recorded so. */
  async resolve(current: AppSpec, contentId: string | undefined): Promise<AppSpec> {
    const { hash, ids } = await this.#known;
    if (hash && contentId !== undefined && ids.has(contentId)) {
      usedSame(this.#cacheDir!, hash, contentId);
      return lockView(current);
    }
    return this.parsed();
  }

  /**
   * After the comparison: when the parsed baseline equals the current side, record it, so the next
   * check of this content against these bytes skips the parse.
   */
  async remember(
    baseline: AppSpec,
    current: AppSpec,
    contentId: string | undefined,
  ): Promise<void> {
    const cacheDir = this.#cacheDir;
    if (!cacheDir || contentId === undefined || !this.#parsed) return;
    let hash: string | undefined;
    if (this.#git) hash = (await this.#known).hash;
    else {
      const file = this.#file;
      // Rewritten since it was read: the hash is of the bytes parsed, not of the file as it is.
      if (!file || statIdentity(file) !== this.#parsedIdentity) return;
      hash = this.#parsedHash;
    }
    if (!hash || !sameApp(baseline, lockView(current))) return;
    saveHashMemo();
    recordSame(cacheDir, hash, contentId);
  }
}

function knownForLoaded(ids: Set<string>, loadedId: string): boolean {
  for (const id of ids) if (loadedPart(id) === loadedId) return true;
  return false;
}
