/**
 * The combined bundle built by running the app's esbuild executable once, as `esbuild` on a command
 * line does, instead of through its JavaScript API: no API module to load (~20 ms of a cold
 * `check`'s path to its bundle), no service process to start and talk to. The same executable
 * the API runs (`appEsbuildBinary`), given the same options as flags, so the same bundle
 * (test/contracts/esbuild-process.test.ts holds the two to identical output).
 *
 * Only the fast path: a build that fails here is built again through the API, whose structured
 * messages (file, line, column) the error report needs.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Metafile } from "esbuild";
import { onInterrupt } from "../interrupt.ts";

/** The subset of esbuild's build options the combined bundle uses, as the executable takes them. */
export interface ProcessBuild {
  /** The process's working directory: the API's `absWorkingDir`; the stdin entry resolves here. */
  cwd: string;
  stdin: { contents: string; sourcefile: string };
  outfile: string;
  metafile: string;
  external: readonly string[];
  platform: "node";
  format: "esm";
  target: string;
  jsx: "automatic";
  outExtension: Record<string, string>;
}

/** The command-line flags for `build` (what the API itself sends its service for these options). */
export function processFlags(build: ProcessBuild): string[] {
  return [
    "--bundle",
    `--platform=${build.platform}`,
    `--format=${build.format}`,
    `--target=${build.target}`,
    `--jsx=${build.jsx}`,
    "--log-level=silent",
    ...Object.entries(build.outExtension).map(([from, to]) => `--out-extension:${from}=${to}`),
    ...build.external.map((name) => `--external:${name}`),
    `--sourcefile=${build.stdin.sourcefile}`,
    "--loader=js",
    `--outfile=${build.outfile}`,
    `--metafile=${build.metafile}`,
  ];
}

/**
 * Runs `binary` on `build`; resolves to the metafile it wrote, or undefined when the build did not
 * succeed (the caller then asks the API, which says why). Stopped on Ctrl-C before the temporary
 * folder it writes into is removed.
 */
export function buildWithProcess(
  binary: string,
  build: ProcessBuild,
): Promise<Metafile | undefined> {
  return new Promise((resolve) => {
    const child = spawn(binary, processFlags(build), {
      cwd: build.cwd,
      stdio: ["pipe", "ignore", "ignore"],
      windowsHide: true,
    });
    const forget = onInterrupt(() => child.kill("SIGKILL"), { first: true });
    const done = (metafile: Metafile | undefined) => {
      forget();
      resolve(metafile);
    };
    child.on("error", () => done(undefined));
    // A child that exits before reading all of stdin closes the pipe: its exit code tells.
    child.stdin.on("error", () => {});
    child.on("exit", (code) => {
      if (code !== 0) return done(undefined);
      try {
        done(JSON.parse(readFileSync(build.metafile, "utf8")) as Metafile);
      } catch {
        done(undefined);
      }
    });
    child.stdin.end(build.stdin.contents);
  });
}
