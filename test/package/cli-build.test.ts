/**
 * The CLI's build (scripts/bundle-cli.mjs) makes one file, in which esbuild would hoist every static
 * import of a package to the top: `lazyExternals` turns each into an `await import()` in its own
 * module, so packages load on use. What the CLI then loads at run time is tested in
 * test/cli/startup-imports.test.ts; this is the rewrite itself, and the build refusing what it
 * cannot rewrite.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript, no declarations
import { awaitedImport, lazyExternals } from "../../scripts/cli-build-plugins.mjs";

const rewrite = awaitedImport as (clause: string, specifier: string, file: string) => string;

describe("awaitedImport", () => {
  it("rewrites each import form to the same bindings, awaited", () => {
    expect(rewrite("{ z }", "zod", "f.ts")).toBe('const { z } = await import("zod");');
    expect(rewrite("* as z", "zod/v4", "f.ts")).toBe('const z = await import("zod/v4");');
    expect(rewrite("{ a, type B, c as d }", "convex/values", "f.ts")).toBe(
      'const { a, c: d } = await import("convex/values");',
    );
    expect(rewrite("ts", "typescript", "f.ts")).toBe(
      'const { default: ts } = await import("typescript");',
    );
    expect(rewrite("ts, { SyntaxKind }", "typescript", "f.ts")).toBe(
      'const { default: ts, SyntaxKind } = await import("typescript");',
    );
    expect(rewrite("{ type Only }", "zod", "f.ts")).toBe("");
  });
});

describe("lazyExternals", () => {
  const dir = mkdtempSync(join(tmpdir(), "cv-cli-build-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const src = join(dir, "src");
  const build = (files: Record<string, string>) => {
    rmSync(src, { recursive: true, force: true });
    for (const [name, text] of Object.entries(files)) {
      const file = join(src, name);
      mkdirSync(join(file, ".."), { recursive: true });
      writeFileSync(file, text);
    }
    return esbuild.build({
      entryPoints: [join(src, "main.ts")],
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      external: ["zod", "zod/*"],
      logLevel: "silent",
      plugins: [lazyExternals],
    });
  };

  it("leaves a lazily imported module's package import inside its lazy initializer", async () => {
    const result = await build({
      "main.ts": 'export const run = async () => (await import("./uses-zod.ts")).schema;\n',
      "uses-zod.ts": 'import { z } from "zod";\nexport const schema = () => z.string();\n',
    });
    const out = result.outputFiles[0]!.text;
    // Without the plugin: `import { z } from "zod";` at the top, loaded at start.
    expect(out).not.toMatch(/^import[^;]*"zod"/m);
    expect(out).toContain('await import("zod")');
  }, 30_000);

  it("fails the build, naming the file, on a package import it cannot make lazy", async () => {
    await expect(
      build({
        "main.ts": 'export { z } from "zod";\n',
      }),
    ).rejects.toThrow(/main\.ts: a package import this build cannot make lazy/);
  }, 30_000);
});
