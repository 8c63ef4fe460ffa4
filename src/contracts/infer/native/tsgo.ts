/**
 * The `tsgo` process behind the native engine: which binary, with which Go runtime settings, and
 * how it is started and stopped. `typescript/unstable/sync` spawns it; these are the parts that
 * decide whether a CLI run stays quiet and fast.
 */
import type { SpawnOptions } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { API } from "typescript/unstable/sync";
import { onInterrupt } from "../../interrupt.ts";

/**
 * Starts `tsgo` in `cwd`. `files` exist only in this process: `tsgo` reads them through the API's
 * file-system callback (every other path falls through to the disk).
 */
export function startTsgo(opts: {
  tsgo?: string;
  cwd: string;
  files: Record<string, string>;
}): API {
  const tsserverPath = tsgoExecutable(opts.tsgo);
  const files = new Map(Object.entries(opts.files).map(([path, text]) => [resolve(path), text]));
  const api = withEnv(goMemorySettings(process.env), () =>
    inOwnProcessGroup(
      () =>
        new API({
          tsserverPath,
          cwd: opts.cwd,
          fs: { readFile: (file) => files.get(resolve(file)) },
        }),
    ),
  );
  // Ctrl-C reaches only the CLI (tsgo has its own process group): the CLI stops tsgo itself.
  const child = channelOf(api)?.child;
  if (child)
    live.set(
      api,
      onInterrupt(() => child.kill("SIGKILL")),
    );
  return api;
}

const live = new Map<API, () => void>();

/**
 * Runs `fn` with `child_process.spawn` starting its children detached (a process group of their
 * own), for `typescript/unstable/sync`, which spawns `tsgo` itself with no such option. Without
 * it the terminal's Ctrl-C reaches `tsgo` too, which then prints a Go panic ("context canceled") on
 * the stderr it shares with us. `syncBuiltinESMExports` carries the patch to the API's named import.
 */
function inOwnProcessGroup<T>(fn: () => T): T {
  if (process.platform === "win32") return fn();
  // The module object itself (not an import of it, which the CLI bundle makes lazy): the patch
  // must land where the API's own import reads it.
  const childProcess: typeof import("node:child_process") = createRequire(import.meta.url)(
    "node:child_process",
  );
  const original = childProcess.spawn;
  childProcess.spawn = ((command: string, args: readonly string[], options: SpawnOptions) =>
    original(command, args, { ...options, detached: true })) as typeof childProcess.spawn;
  syncBuiltinESMExports();
  try {
    return fn();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

function channelOf(api: API): (Closable & { child?: Killable }) | undefined {
  return (api as unknown as { client?: { channel?: Closable & { child?: Killable } } }).client
    ?.channel;
}

/**
 * The `tsgo` binary: `explicit`, else the one typescript@7 installed for this platform (where its
 * own `getExePath` looks). Checked here because a binary that is missing when `tsgo` is spawned
 * surfaces as an unhandled `error` event that kills the process, past any `catch`.
 */
export function tsgoExecutable(explicit?: string): string {
  let exe = explicit;
  if (!exe) {
    const platformPackage = `@typescript/typescript-${process.platform}-${process.arch}`;
    try {
      const fromTypescript = createRequire(
        createRequire(import.meta.url).resolve("typescript/package.json"),
      );
      exe = join(dirname(fromTypescript.resolve(`${platformPackage}/package.json`)), "lib", "tsc");
    } catch {
      throw new Error(
        `${platformPackage} is not installed (typescript@7 has no tsgo binary for this platform)`,
      );
    }
    if (process.platform === "win32") exe += ".exe";
  }
  if (!existsSync(exe)) throw new Error(`no tsgo binary at ${exe}`);
  return exe;
}

/**
 * Go runtime settings for `tsgo`: no collection until an eighth of the machine's memory (at least
 * 512 MiB) is in use. `tsgo` lives for one run and its heap is small (~130 MB on the 1,000-function
 * bench app), so collecting earlier is wasted work: it made inference ~14% slower there, the Go
 * collector's threads competing for the cores the checker needs. Whoever sets GOGC or GOMEMLIMIT
 * keeps their own.
 */
export function goMemorySettings(
  env: NodeJS.ProcessEnv,
  memory = totalmem(),
): Record<string, string> {
  if (env.GOGC !== undefined || env.GOMEMLIMIT !== undefined) return {};
  const eighthMiB = Math.floor(memory / 8 / 2 ** 20);
  return { GOGC: "off", GOMEMLIMIT: `${Math.max(512, eighthMiB)}MiB` };
}

/** `fn` with `vars` set in this thread's environment (a spawned child copies it), then restored. */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * Stops `tsgo` without a word on the stderr it shares with us: on end of input or SIGTERM it
 * prints "context canceled" (in about one run in ten, mid-output), on SIGKILL nothing. It holds
 * nothing to flush. `api.close()` releases the snapshots first, then our hook kills, then the pipes
 * close. The hook reaches into the client's internals; if their shape changes, only the message
 * comes back.
 */
export function stopTsgo(api: API): void {
  live.get(api)?.();
  live.delete(api);
  const channel = channelOf(api);
  const child = channel?.child;
  if (channel && child && typeof channel.close === "function" && typeof child.kill === "function") {
    const closePipes = channel.close.bind(channel);
    channel.close = () => {
      child.kill("SIGKILL");
      closePipes();
    };
  }
  api.close();
}

interface Closable {
  close(): void;
}
interface Killable {
  kill(signal?: string): void;
}
