/**
 * `report` on hostile usage input, through the CLI: out-of-range numbers, random bytes and a line of
 * tens of megabytes on standard input all give a report (exit 0 or 1), never an internal error; the
 * outputs name usage files relative to the working directory; `--usage -` needs a pipe.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/index.ts";
import { tempDir } from "../contracts/helpers.ts";
import { type Run, spawnCli } from "./helpers.ts";

const LOCK = fileURLToPath(new URL("../../convex-versioned.lock.json", import.meta.url));
const REPORT = ["report", "--lock", LOCK, "--now", "2026-12-20", "--format", "json"];
const exec = (timestamp: string) =>
  `{"topic":"function_execution","timestamp":${timestamp},"function":{"path":"messages:send","type":"mutation"}}`;
const HOSTILE = [
  exec("1e30"),
  exec("-5"),
  exec("1e400"),
  exec("1797069600000"),
  "\u0000\u00ff",
].join("\n");

/** The CLI in-process, with `stdin` as its standard input. */
async function cliWithStdin(argv: string[], cwd: string, stdin?: Readable): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    cwd,
    env: {},
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

describe("in-process", () => {
  test("out-of-range numbers are malformed lines in a normal report", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "usage.jsonl"), HOSTILE);
    const run = await cliWithStdin([...REPORT, "--usage", "usage.jsonl"], cwd);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1); // messages:send 2026-06-01 is overdue and was called once
    const usage = JSON.parse(run.stdout).usage;
    expect(usage.malformed.count).toBe(4);
    expect(usage.files).toEqual(["usage.jsonl"]);
  });

  test("Markdown names the usage file relative to the working directory, never absolutely", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "usage.jsonl"), `${exec("1797069600000")}\n`);
    const run = await cliWithStdin(
      [
        "report",
        "--lock",
        LOCK,
        "--now",
        "2026-12-20",
        "--format",
        "markdown",
        "--usage",
        join(cwd, "usage.jsonl"),
      ],
      cwd,
    );
    expect(run.stdout).toContain("usage from `usage.jsonl`");
    expect(run.stdout).not.toContain(cwd);
  });

  test("--usage - reads standard input", async () => {
    const run = await cliWithStdin(
      [...REPORT, "--usage", "-"],
      tempDir(),
      Readable.from([HOSTILE]),
    );
    expect(run.code).toBe(1);
    const usage = JSON.parse(run.stdout).usage;
    expect(usage.files).toEqual(["<stdin>"]);
    expect(usage.malformed.examples[0]).toMatchObject({ file: "<stdin>", line: 1 });
  });

  test("--usage - from a terminal, or with no standard input, is a usage error (exit 2)", async () => {
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    const fromTty = await cliWithStdin([...REPORT, "--usage", "-"], tempDir(), tty);
    expect(fromTty.code).toBe(2);
    expect(fromTty.stderr).toContain("--usage -: standard input is a terminal; pipe the logs in");
    const none = await cliWithStdin([...REPORT, "--usage", "-"], tempDir());
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--usage -: there is no standard input to read");
    expect(none.stdout).toBe("");
  });
});

describe("spawned, as CI runs it", () => {
  test("a 40 MB line on standard input is skipped past the 16 Mi-character cap; the report still runs", async () => {
    const filler = Buffer.alloc(1024 * 1024, "x");
    const stdin = Readable.from(
      (function* () {
        yield Buffer.from(`${exec("1797069600000")}\n{"message":"`);
        for (let i = 0; i < 40; i++) yield filler;
        yield Buffer.from(`"}\n${exec("1797069600001")}\n`);
      })(),
    );
    const run = await spawnCli([...REPORT, "--usage", "-"], tempDir(), {}, stdin);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const usage = JSON.parse(run.stdout).usage;
    expect(usage.lines).toBe(3);
    expect(usage.malformed).toEqual({
      count: 1,
      examples: [
        { file: "<stdin>", line: 2, reason: "longer than 16,777,216 bytes (skipped unread)" },
      ],
    });
  }, 120_000);

  test("random bytes give a report, not an internal error", async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, "noise.jsonl"),
      Buffer.concat([randomBytes(200_000), Buffer.from(HOSTILE)]),
    );
    const run = await spawnCli([...REPORT, "--usage", "noise.jsonl"], cwd);
    expect(run.stderr).not.toContain("internal error");
    expect([0, 1]).toContain(run.code);
    expect(JSON.parse(run.stdout).usage.malformed.count).toBeGreaterThan(0);
  }, 120_000);
});
