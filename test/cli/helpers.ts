/** Runs the CLI in-process (fast) or as a child process (end to end), capturing its output. */
import { execFile } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/index.ts";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(
  argv: string[],
  cwd: string,
  env: Record<string, string> = {},
  /** The CLI's standard input (`--usage -`, `--pending -`); none when absent. */
  stdin?: Readable & { isTTY?: boolean },
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    cwd,
    env,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTTY: false,
    ...(stdin ? { stdin } : {}),
  });
  return { code, stdout, stderr };
}

const bin = fileURLToPath(new URL("../../bin/convex-versioned.js", import.meta.url));

export function spawnCli(
  argv: string[],
  cwd: string,
  env: Record<string, string> = {},
  /** Piped to the CLI's standard input (`report --usage -`). */
  stdin?: Readable,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...argv],
      { cwd, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (stdin && child.stdin) {
      // A CLI that exits before reading everything closes the pipe; that is its answer, not an error.
      child.stdin.on("error", () => {});
      stdin.pipe(child.stdin);
    }
  });
}

/**
 * The one warning the chat fixture gives: `crud:read` returns `ctx.db.get` on a table its schema
 * lacks, so its contract is `any`, and the CLI says so.
 */
export const CHAT_DEGRADED = "warning: crud:read: returns inferred as any: type is `any`\n";

/** `stderr` without the chat fixture's expected warning. */
export const otherThanChatWarning = (stderr: string) => stderr.replace(CHAT_DEGRADED, "");
