/**
 * The CI examples, run: every `npx convex-versioned …` line of examples/ci/*.yml is executed in a
 * git checkout where main has the chat app's lock file and the pull request holds the changed app.
 * The annotation samples quoted in each file's comments (`#   ::…`) must be lines the file's own
 * commands print, so what the comments promise is what a pull request shows.
 *
 * Two liberties, both to keep the verdicts independent of the day the test runs: report commands get
 * `--now`, and `$usage` is the usage file the workflow would have collected.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chatAfter, chatBefore } from "../contracts/helpers.ts";
import { cli } from "./helpers.ts";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const examples = join(repo, "examples/ci");
// Inside the repository, so the app's imports (convex, convex-versioned) resolve as in a real app.
const project = join(repo, "test/.tmp", `ci-example-${process.pid}`);
const NOW = "2027-03-01";

const DAY_MS = (iso: string) => Date.parse(`${iso}T10:00:00Z`);
const usageLine = (version: string, exportName: string, ms: number) => [
  JSON.stringify({
    topic: "function_execution",
    timestamp: ms,
    function: { path: `messages:${exportName}`, type: "mutation" },
  }),
  JSON.stringify({
    topic: "console",
    timestamp: ms,
    function: { path: `messages:${exportName}`, type: "mutation" },
    message: `'${JSON.stringify({ "convex-versioned": "call", definition: "sendMessage", export: exportName, version, calls: 1 })}'`,
  }),
];
/** What `npx convex logs` would have collected: the deprecated version still called lately. */
const USAGE = [
  ...usageLine("2026-10-01", "sendMessage", DAY_MS("2027-02-01")),
  ...usageLine("2026-10-01", "sendMessage", DAY_MS("2027-02-20")),
  ...usageLine("2026-10-01", "sendMessage", DAY_MS("2027-02-25")),
].join("\n");

interface Step {
  file: string;
  args: string[];
}

function stepsOf(file: string): Step[] {
  return readFileSync(join(examples, file), "utf8")
    .split("\n")
    .map((line) => line.match(/npx convex-versioned (.*)$/)?.[1])
    .filter((args): args is string => args !== undefined)
    .map((line) => {
      const args = line
        .replace(/\s*>.*$/, "") // the shell's redirection
        .replace("$usage", "--usage usage.jsonl")
        .trim()
        .split(/\s+/);
      return { file, args: args[0] === "report" ? [...args, "--now", NOW] : args };
    });
}

function samplesOf(file: string): string[] {
  return readFileSync(join(examples, file), "utf8")
    .split("\n")
    .map((line) => line.match(/^\s*#\s+(::(?:error|warning|notice) .*)$/)?.[1])
    .filter((s): s is string => s !== undefined);
}

const files = readdirSync(examples).filter((f) => f.endsWith(".yml"));

beforeAll(() => {
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: project, stdio: "pipe" });
  cpSync(chatBefore, join(project, "convex"), { recursive: true });
  git("init", "-q");
  return (async () => {
    const snap = await cli(["snapshot", "--no-infer-returns"], project);
    expect(snap.code, snap.stderr).toBe(0);
    git("add", ".");
    git("-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-qm", "main");
    // What `actions/checkout` with fetch-depth 0 leaves: main as a remote-tracking branch.
    git("update-ref", "refs/remotes/origin/main", "HEAD");
    // The pull request: the changed app.
    rmSync(join(project, "convex"), { recursive: true });
    cpSync(chatAfter, join(project, "convex"), { recursive: true });
    writeFileSync(join(project, "usage.jsonl"), USAGE);
  })();
}, 120_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe.each(files)("examples/ci/%s", (file) => {
  const outputs: string[] = [];

  test("its commands run, with the exit codes the workflow expects", async () => {
    for (const { args } of stepsOf(file)) {
      const run = await cli(args, project);
      expect(run.stderr, args.join(" ")).not.toContain("error:");
      // Exit 1 is each command's verdict on this pull request (breaking changes; a still-called
      // overdue version); 2 would be a usage error in the example.
      expect(run.code, `${args.join(" ")}\n${run.stderr}`).toBe(1);
      outputs.push(run.stdout);
    }
  }, 120_000);

  test("the annotation samples in its comments are what its commands print", () => {
    const samples = samplesOf(file);
    expect(samples.length).toBeGreaterThan(0);
    const printed = new Set(outputs.flatMap((o) => o.split("\n")));
    for (const sample of samples) expect(printed, sample).toContain(sample);
  });

  test("annotations name the file and the line that declares what they are about", () => {
    const annotations = outputs
      .flatMap((o) => o.split("\n"))
      .filter((l) => /^::(error|warning|notice) file=/.test(l));
    expect(annotations.length).toBeGreaterThan(0);
    for (const a of annotations) {
      const [, path, line] = a.match(/^::\w+ file=([^,:]+)(?:,line=(\d+))?,title=/) ?? [];
      expect(path, a).toMatch(/^convex\/[\w/]+\.ts$/);
      if (!line) continue;
      // Independently of the scanner: the line holds the export or the version's label.
      const text = readFileSync(join(project, path!), "utf8").split("\n")[Number(line) - 1];
      expect(text, a).toMatch(/^export |\.version\(/);
    }
  });
});

test("check's sample points at the line of `export const create`", () => {
  const lines = readFileSync(join(chatAfter, "channels.ts"), "utf8").split("\n");
  const line = lines.findIndex((l) => l.startsWith("export const create")) + 1;
  const sample = samplesOf("check.yml").find((s) => s.includes("ARG_NO_ADD_REQUIRED"));
  expect(sample).toContain(`file=convex/channels.ts,line=${line},`);
});
