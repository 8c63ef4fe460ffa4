/**
 * Every ```ts block in README.md and docs/*.md compiles against the package as an app installs it
 * (the `npm pack` tarball, reached through `exports`; no `paths` to src/), in one TypeScript run.
 *
 * The convention, for writers of the docs:
 * - A ```ts (or ```typescript) block compiles on its own, unless the line before its fence is
 *   `<!-- no-compile -->` (keep those rare: the rule table's fix templates are the main case).
 * - Each block is one module in a Convex app of its own: `convex/<name>.ts`, named by a first-line
 *   comment `// convex/<name>.ts` (else `snippet.ts`), beside a copy of this repo's
 *   `convex/_generated/` types, so `./_generated/server` resolves.
 * - A block whose first line is `// convex/schema.ts` is the schema of the blocks after it in the
 *   same document; before any, the schema is this repo's `convex/schema.ts`. Likewise any other
 *   named block is beside the later blocks of its document (`import … from "./skewBeacon"`).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { installPacked } from "../package/install.ts";
import { codeBlocks, docFiles, read, repo } from "./markdown.ts";

const app = join(repo, "test/.tmp", `snippets-${process.pid}`);
const tsc = join(repo, "node_modules/typescript/bin/tsc");

/** Convex's own template for `convex/tsconfig.json` (what `npx convex dev` writes), plus DOM for frontend snippets. */
const TSCONFIG = {
  compilerOptions: {
    target: "ESNext",
    lib: ["ES2021", "DOM"],
    module: "ESNext",
    moduleResolution: "Bundler",
    jsx: "react-jsx",
    strict: true,
    isolatedModules: true,
    skipLibCheck: true,
    allowSyntheticDefaultImports: true,
    noEmit: true,
    types: [],
  },
  include: ["snippets/**/*.ts"],
};

/** A block with a type error, compiled with the others: proves errors are found and traced back. */
const BROKEN = {
  origin: "self-test (a snippet that must fail)",
  name: "broken.ts",
  code: 'import { defineVersioned } from "convex-versioned";\nexport const n: number = defineVersioned;\n',
};

interface Snippet {
  /** The document, or the self-test. */
  origin: string;
  /** The document's line of the block's first line of code (0 for the self-test). */
  firstLine: number;
}

const snippets: Snippet[] = [];
let output = "";

beforeAll(() => {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  installPacked(app);
  writeFileSync(join(app, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(app, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));

  const repoSchema = readFileSync(join(repo, "convex/schema.ts"), "utf8");
  const add = (
    origin: string,
    firstLine: number,
    name: string,
    code: string,
    schema: string,
    earlier: ReadonlyMap<string, string> = new Map(),
  ) => {
    const dir = join("snippets", String(snippets.length), "convex");
    mkdirSync(join(app, dir, "_generated"), { recursive: true });
    for (const f of ["server.d.ts", "dataModel.d.ts"]) {
      copyFileSync(join(repo, "convex/_generated", f), join(app, dir, "_generated", f));
    }
    if (name !== "schema.ts") writeFileSync(join(app, dir, "schema.ts"), schema);
    for (const [other, text] of earlier) writeFileSync(join(app, dir, other), text);
    writeFileSync(join(app, dir, name), code);
    snippets.push({ origin, firstLine });
  };

  for (const file of docFiles().filter((f) => f === "README.md" || f.startsWith("docs/"))) {
    let schema = repoSchema;
    const named = new Map<string, string>();
    for (const block of codeBlocks(read(file))) {
      if (!/^(ts|typescript)$/.test(block.lang) || block.noCompile) continue;
      const name = /^\/\/ convex\/([\w.-]+\.ts)\b/.exec(block.code)?.[1] ?? "snippet.ts";
      if (name === "schema.ts") schema = block.code;
      add(file, block.line + 1, name, block.code, schema, named);
      if (name !== "schema.ts" && name !== "snippet.ts") named.set(name, block.code);
    }
  }
  add(BROKEN.origin, 0, BROKEN.name, BROKEN.code, repoSchema);

  try {
    output = execFileSync(process.execPath, [tsc, "-p", "."], { cwd: app, encoding: "utf8" });
  } catch (error) {
    const e = error as { stdout: string; stderr: string };
    output = `${e.stdout}${e.stderr}`;
  }
}, 120_000);

afterAll(() => rmSync(app, { recursive: true, force: true }));

/** tsc's errors, each traced back to its document and line there. */
function errorsByOrigin(): Map<string, string[]> {
  const byOrigin = new Map<string, string[]>();
  for (const line of output.split("\n")) {
    const m = /^snippets\/(\d+)\/convex\/[^(]+\((\d+),\d+\): (error .*)$/.exec(line);
    if (!m) continue;
    const snippet = snippets[Number(m[1])];
    const origin = snippet?.origin ?? `snippet ${m[1]}`;
    const at = (snippet?.firstLine ?? 0) + Number(m[2]) - 1;
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), `line ${at}: ${m[3]}`]);
  }
  return byOrigin;
}

test("the docs have TypeScript blocks to compile, and the run reached them", () => {
  expect(snippets.length).toBeGreaterThan(5);
  // A broken setup (no tsconfig, a crash) would print no per-file errors at all.
  expect(output).toMatch(/snippets\/\d+\/convex\/broken\.ts\(2,14\): error TS2322/);
});

test("every TypeScript block in README.md and docs/ compiles against the installed package", () => {
  const errors = errorsByOrigin();
  errors.delete(BROKEN.origin);
  expect(Object.fromEntries(errors)).toEqual({});
  // Nothing but per-file errors may go unnoticed (a bad tsconfig reports without a file).
  const stray = output.split("\n").filter((l) => /error TS/.test(l) && !/^snippets\//.test(l));
  expect(stray).toEqual([]);
});
