/**
 * What the installed CLI loads: `--help` loads no package at all (commander is bundled into
 * dist/cli; no loader, compiler or zod), and `check` without a waiver file does not load zod (its import alone costs more than the budget leaves). Recorded
 * with a module resolve hook in a real `node bin/convex-versioned.js` process.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { chatBefore } from "../contracts/helpers.ts";

const bin = join(process.cwd(), "bin/convex-versioned.js");

/** The bare specifiers the CLI imports while running `args`. */
function importsOf(args: string[], cwd: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "cv-imports-"));
  const log = join(dir, "imports.txt");
  const hooks = `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from "node:fs";
    export async function resolve(specifier, context, next) {
      if (!specifier.startsWith(".") && !specifier.startsWith("/") && !specifier.startsWith("file:") && !specifier.startsWith("node:"))
        appendFileSync(${JSON.stringify(log)}, specifier + "\\n");
      return next(specifier, context);
    }`)}`;
  const register = `data:text/javascript,${encodeURIComponent(
    `import { register } from "node:module"; register(${JSON.stringify(hooks)});`,
  )}`;
  try {
    const run = spawnSync(process.execPath, ["--import", register, bin, ...args], {
      cwd,
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBeLessThan(2);
    let text = "";
    try {
      text = readFileSync(log, "utf8");
    } catch {
      // nothing was imported by name
    }
    return text.split("\n").filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it("--help imports no package: commander is bundled, nothing heavy is loaded", () => {
  expect(importsOf(["--help"], process.cwd())).toEqual([]);
}, 60_000);

it("check without a waiver file never imports zod", () => {
  const cwd = mkdtempSync(join(tmpdir(), "cv-check-"));
  try {
    const snap = spawnSync(
      process.execPath,
      [bin, "snapshot", "--convex-dir", chatBefore, "--no-infer-returns"],
      {
        cwd,
        encoding: "utf8",
      },
    );
    expect(snap.status, snap.stderr).toBe(0);
    const check = ["check", "--convex-dir", chatBefore, "--no-infer-returns"];
    const seen = new Set(importsOf(check, cwd));
    expect(seen).not.toContain("zod");
    expect(seen).not.toContain("commander");
    expect(seen).not.toContain("picocolors");
    // The other side, which also shows the hook sees imports: a waiver file brings zod in.
    writeFileSync(join(cwd, "waivers.json"), JSON.stringify({ waivers: [] }));
    expect(importsOf([...check, "--waivers", "waivers.json"], cwd)).toContain("zod");
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}, 120_000);
