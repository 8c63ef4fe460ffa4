/**
 * `snapshot`: writes the canonical lock file from the functions folder (flags: --out,
 * --convex-dir, convex.json, env flags), and writes nothing when loading fails.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serializeLockFile } from "../../src/contracts/canonical.ts";
import { loadAppWithContracts } from "../../src/contracts/with-inferred.ts";
import { chatBefore, envApp, tempDir } from "../contracts/helpers.ts";
import { CHAT_DEGRADED, cli } from "./helpers.ts";

describe("snapshot", () => {
  it("writes the canonical lock file of the folder, byte-identical on a second run", async () => {
    const cwd = tempDir();
    const first = await cli(["snapshot", "--convex-dir", chatBefore], cwd);
    expect(first).toMatchObject({ code: 0, stderr: CHAT_DEGRADED });
    expect(first.stdout).toMatch(
      /^Wrote convex-versioned\.lock\.json: 23 functions \(3 versioned exports; 4 return contracts inferred from types, 1 of them partly `any`: declare `returns` to make it exact\) from /,
    );
    const lock = join(cwd, "convex-versioned.lock.json");
    const bytes = readFileSync(lock, "utf8");
    const { warnings: _w, ...app } = await loadAppWithContracts(chatBefore, {});
    expect(bytes).toBe(serializeLockFile(app));
    await cli(["snapshot", "--convex-dir", chatBefore], cwd);
    expect(readFileSync(lock, "utf8")).toBe(bytes);
  });

  it("counts in English: one function, one versioned export, one contract", async () => {
    const cwd = tempDir();
    const dir = join(process.cwd(), "test/.tmp", `one-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "one.ts"),
      `import { queryGeneric } from "convex/server";
import { v } from "convex/values";
import { defineVersioned } from "convex-versioned";
export const { get } = defineVersioned(queryGeneric, { name: "get" })
  .version("2026-01-01", { args: { id: v.string() } })
  .handler(async (_ctx, args) => args.id.length);
`,
    );
    try {
      const run = await cli(["snapshot", "--convex-dir", dir], cwd);
      expect(run.stdout).toMatch(
        /^Wrote convex-versioned\.lock\.json: 1 function \(1 versioned export; 1 return contract inferred from types\) from /,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("honours --out and convex.json's functions folder", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "convex.json"), JSON.stringify({ functions: chatBefore }));
    const run = await cli(["snapshot", "--out", "api.lock.json"], cwd);
    expect(run.code).toBe(0);
    expect(
      Object.keys(JSON.parse(readFileSync(join(cwd, "api.lock.json"), "utf8")).functions),
    ).toHaveLength(23);
  });

  it("loads import-time env from --env-file, --env or placeholders, and writes nothing without them", async () => {
    const cwd = tempDir();
    const lock = join(cwd, "convex-versioned.lock.json");
    const without = await cli(["snapshot", "--convex-dir", envApp], cwd);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain("billing.ts: Error: Missing Stripe key");
    expect(without.stderr).toContain("CV_FIXTURE_STRIPE_KEY");
    expect(existsSync(lock)).toBe(false);

    const fromFile = await cli(
      ["snapshot", "--convex-dir", envApp, "--env-file", join(envApp, "../fixture.env")],
      cwd,
    );
    expect(fromFile).toMatchObject({ code: 0, stderr: "" });
    const pair = await cli(
      ["snapshot", "--convex-dir", envApp, "--env", "CV_FIXTURE_STRIPE_KEY=k", "--env", "X=1"],
      cwd,
    );
    expect(pair.code).toBe(0);
    const placeholders = await cli(["snapshot", "--convex-dir", envApp, "--env-placeholders"], cwd);
    expect(placeholders.code).toBe(0);
    expect(placeholders.stderr).toContain("warning: --env-placeholders: ");
    expect(placeholders.stderr).toContain("CV_FIXTURE_STRIPE_KEY, CV_FIXTURE_REGION");
    expect(Object.keys(JSON.parse(readFileSync(lock, "utf8")).functions)).toEqual([
      "billing:charge",
      "notes:list",
    ]);
  });

  it("keeps an existing lock file byte for byte when a module fails to load", async () => {
    const cwd = tempDir();
    const lock = join(cwd, "convex-versioned.lock.json");
    writeFileSync(lock, "previous bytes\n");
    const run = await cli(["snapshot", "--convex-dir", envApp], cwd);
    expect(run.code).toBe(2);
    expect(readFileSync(lock, "utf8")).toBe("previous bytes\n");
  });
});
