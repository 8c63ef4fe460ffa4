/**
 * `check` against the lock file written for the very code it checks: once it has parsed the lock
 * and found it equal, the next check of that content takes the current side as its baseline
 * (src/contracts/same-baseline.ts), with the same verdict and output. The marker it leaves is
 * honoured only for the exact baseline bytes and the exact current content it names: a forged one
 * shows both.
 */
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentHash, hashBytes } from "../../src/contracts/file-hash.ts";
import { chatAfter, chatBefore } from "../contracts/helpers.ts";
import { cli, otherThanChatWarning } from "./helpers.ts";

// Inside the repository, so the app's bare imports (`convex/server`) resolve from its node_modules.
const scratch = join(process.cwd(), "test/.tmp", `same-baseline-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The chat app in a folder of its own, with a lock file so its loads are cached. */
function chatApp(name: string): string {
  const root = join(scratch, name);
  mkdirSync(root, { recursive: true });
  cpSync(chatBefore, join(root, "convex"), { recursive: true });
  writeFileSync(join(root, "package.json"), "{}\n");
  writeFileSync(join(root, "package-lock.json"), '{ "lockfileVersion": 3 }\n');
  return root;
}

const cacheOf = (root: string) => join(root, "node_modules/.cache/convex-versioned");
const markers = (root: string) =>
  readdirSync(cacheOf(root)).filter((name) => name.startsWith("same-"));
/** The content id a marker names (after `same-<22-character hash>-`). */
const contentIdOf = (marker: string) => marker.slice("same-".length + 22 + 1);

const NOW = ["--now", "2026-11-01"];

describe("validators only", () => {
  let root: string;
  beforeAll(async () => {
    root = chatApp("validators");
    expect((await cli(["snapshot", "--no-infer-returns"], root)).code).toBe(0);
    // A lock of the after app, whose changes break old clients of this code.
    const after = await cli(
      ["snapshot", "--no-infer-returns", "--convex-dir", chatAfter, "--out", "after.lock.json"],
      root,
    );
    expect(after.code).toBe(0);
  }, 60_000);

  it("the first check records its lock as the current side; the next gives the same output", async () => {
    const check = (format: string) =>
      cli(["check", "--no-infer-returns", ...NOW, "--format", format], root);
    const first = { text: await check("text"), json: await check("json") };
    expect(first.text.code).toBe(0);
    expect(markers(root)).toHaveLength(1);
    // Set back, to see the next check use it (a use keeps it from being pruned).
    const marker = join(cacheOf(root), markers(root)[0]!);
    const longAgo = new Date(Date.UTC(2026, 0, 1));
    utimesSync(marker, longAgo, longAgo);
    const second = { text: await check("text"), json: await check("json") };
    expect(second).toEqual(first);
    expect(markers(root)).toHaveLength(1);
    expect(statSync(marker).mtimeMs).toBeGreaterThan(longAgo.getTime());
  }, 60_000);

  it("a marker is honoured for its baseline bytes and its content only", async () => {
    const baseline = ["check", "--no-infer-returns", ...NOW, "--baseline", "after.lock.json"];
    const judged = await cli(baseline, root);
    expect(judged.code).toBe(1);
    // Never recorded: the after lock is not this code.
    const [marker] = markers(root);
    expect(markers(root)).toHaveLength(1);
    const contentId = contentIdOf(marker!);
    // Forged: the after lock "is" this content. Honoured, so the check compares the code with
    // itself: proof that a recorded baseline is not read.
    const lock = join(root, "after.lock.json");
    writeFileSync(join(cacheOf(root), `same-${contentHash(lock)}-${contentId}`), "");
    expect(await cli(baseline, root)).toMatchObject({ code: 0 });
    // Another content (a new module): the marker names the old one; the lock is read.
    const added = join(root, "convex/added.ts");
    writeFileSync(
      added,
      'import { query } from "./_generated/server";\nexport const added = query({ args: {}, handler: async () => 1 });\n',
    );
    expect(await cli(baseline, root)).toMatchObject({ code: 1 });
    rmSync(added);
    expect(await cli(baseline, root)).toMatchObject({ code: 0 });
    // Other bytes in the lock (the same JSON, one more newline): the marker names the old bytes.
    appendFileSync(lock, "\n");
    expect(await cli(baseline, root)).toMatchObject({ code: 1 });
  }, 60_000);
});

describe("with inferred return contracts", () => {
  it("records the loaded content with the inferred one, and gives the same output", async () => {
    const root = chatApp("inferred");
    expect((await cli(["snapshot"], root)).code).toBe(0);
    const first = await cli(["check", ...NOW, "--format", "json"], root);
    expect(first.code).toBe(0);
    expect(otherThanChatWarning(first.stderr)).toBe("");
    expect(markers(root).map(contentIdOf)).toEqual([
      expect.stringMatching(/^[\w-]{12}\.[\w-]{12}$/),
    ]);
    expect(await cli(["check", ...NOW, "--format", "json"], root)).toEqual(first);
  }, 120_000);
});

describe("git:REF", () => {
  it("a lock committed at REF that equals the code is recorded by its bytes, and then not parsed", async () => {
    const root = chatApp("git");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "pipe" });
    const commit = (message: string) =>
      git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qam", message);
    expect((await cli(["snapshot", "--no-infer-returns"], root)).code).toBe(0);
    git("init", "-q");
    git("add", "convex-versioned.lock.json");
    commit("the code's lock");
    // The next commit's lock is the after app's, whose changes break old clients of this code.
    const after = await cli(
      [
        "snapshot",
        "--no-infer-returns",
        "--convex-dir",
        chatAfter,
        "--out",
        "convex-versioned.lock.json",
      ],
      root,
    );
    expect(after.code).toBe(0);
    commit("the after app's lock");
    const check = (ref: string) =>
      cli(
        ["check", "--no-infer-returns", ...NOW, "--format", "json", "--baseline", `git:${ref}`],
        root,
      );
    const first = await check("HEAD~1");
    expect(first.code).toBe(0);
    expect(markers(root)).toHaveLength(1);
    expect(await check("HEAD~1")).toEqual(first);
    expect((await check("HEAD")).code).toBe(1);
    expect(markers(root)).toHaveLength(1);
    // Forged: the after lock's bytes "are" this content. Honoured: the check compares the code
    // with itself.
    const bytes = git("show", "HEAD:./convex-versioned.lock.json");
    const contentId = contentIdOf(markers(root)[0]!);
    writeFileSync(join(cacheOf(root), `same-${hashBytes(bytes)}-${contentId}`), "");
    expect((await check("HEAD")).code).toBe(0);
    expect((await check("no-such-ref")).stderr).toContain(
      "`git show no-such-ref:./convex-versioned.lock.json` failed",
    );
  }, 60_000);
});
