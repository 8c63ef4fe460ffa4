#!/usr/bin/env node
/**
 * The compatibility run: this repository's tests on a newer Node with the newest Convex, which the
 * main run cannot hold (convex ≥ 1.49 needs Node 22; `npm test` and CI run Node 20 with the convex
 * the lock file pins). In a temp folder: a clone of HEAD, Node from npm's `node-<platform>-<arch>`
 * package, `npm ci`, then convex and convex-helpers installed over the lock without saving, then
 * `npm test` with that Node first on PATH. Suites that need the newer Convex (`v.function()`) run
 * only here; on the pinned one they skip, saying so.
 *
 *   npm run compat [-- --node 22] [--convex latest] [--helpers latest] [--keep]
 *
 * Needs the npm registry. The clone holds what is committed: commit first. Exit code: npm test's
 * (2 for a step before it that failed).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));

function parseArgs(argv) {
  const options = { node: "22", convex: "latest", helpers: "latest", keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (!next || next.startsWith("--")) fail(`${arg} needs a value`);
      return next;
    };
    if (arg === "--node") options.node = value();
    else if (arg === "--convex") options.convex = value();
    else if (arg === "--helpers") options.helpers = value();
    else if (arg === "--keep") options.keep = true;
    else
      fail(`unknown argument ${arg} (--node MAJOR, --convex VERSION, --helpers VERSION, --keep)`);
  }
  return options;
}

/** A step that failed: reported once, after the temp folder is removed; exit 2. */
class StepFailed extends Error {}

function fail(message) {
  throw new StepFailed(message);
}

/** Runs a command; its output goes to ours unless `capture`. Fails the run on a non-zero exit. */
function run(
  command,
  args,
  { cwd = repo, env = process.env, capture = false, allowFail = false } = {},
) {
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: "utf8",
    stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit",
  });
  if (result.error) fail(`${command} ${args.join(" ")}: ${result.error.message}`);
  if (result.status !== 0 && !allowFail)
    fail(`\`${command} ${args.join(" ")}\` exited ${result.status}`);
  return result;
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(`compat: ${error.message}`);
  process.exit(2);
}
if (process.platform !== "linux" && process.platform !== "darwin") {
  console.error(
    `compat: Node is unpacked from npm here on Linux and macOS only, not ${process.platform}`,
  );
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "cv-compat-"));
let code = 2;
try {
  if (run("git", ["status", "--porcelain"], { capture: true }).stdout.trim() !== "")
    console.error("compat: uncommitted changes are not in the clone; this run tests HEAD");
  const nodePackage = `node-${process.platform}-${process.arch}@${options.node}`;
  console.error(`compat: fetching ${nodePackage} into ${work}`);
  const packed = run("npm", ["pack", nodePackage, "--pack-destination", work, "--silent"], {
    capture: true,
  }).stdout.trim();
  run("tar", ["xzf", join(work, packed.split("\n").at(-1)), "-C", work]);
  const env = {
    ...process.env,
    PATH: `${join(work, "package/bin")}${delimiter}${process.env.PATH}`,
  };
  delete env.NODE_OPTIONS;
  const clone = join(work, "repo");
  run("git", ["clone", "--quiet", repo, clone]);
  run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: clone, env });
  run(
    "npm",
    [
      "install",
      "--no-save",
      "--no-audit",
      "--no-fund",
      `convex@${options.convex}`,
      `convex-helpers@${options.helpers}`,
    ],
    { cwd: clone, env },
  );
  // Read from disk: convex-helpers does not export its package.json.
  const version = (name) =>
    JSON.parse(readFileSync(join(clone, "node_modules", name, "package.json"), "utf8")).version;
  const nodeVersion = run("node", ["--version"], { env, capture: true }).stdout.trim();
  const versions = `${nodeVersion}, convex ${version("convex")}, convex-helpers ${version("convex-helpers")}`;
  console.error(`compat: npm test on Node ${versions}`);
  code = run("npm", ["test"], { cwd: clone, env, allowFail: true }).status ?? 2;
  console.error(
    `compat: Node ${versions}: npm test ${code === 0 ? "passed" : `failed (exit ${code})`}`,
  );
} catch (error) {
  if (!(error instanceof StepFailed)) throw error;
  console.error(`compat: ${error.message}`);
} finally {
  if (options.keep) console.error(`compat: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(code);
