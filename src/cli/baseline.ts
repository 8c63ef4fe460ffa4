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
import { LOCK_FILE_NAME, readSpecFile, specFromJson } from "../contracts/index.ts";
import { parseJsonText } from "../contracts/json-file.ts";
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
 * option in errors (`surfaces record --lock` reads a lock the same way).
 */
export async function readBaseline(
  value: string | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv,
  flag = "--baseline",
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
    return readSpecFile(lock, LOCK_FILE_NAME);
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
  return readSpecFile(resolve(cwd, value), value);
}
