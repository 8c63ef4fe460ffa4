/**
 * The server entry must run in the Convex runtime (a V8 isolate, no Node): bundled the way a user's
 * `convex/` folder is bundled, it may import only its peers (convex, convex-helpers) — no `node:`
 * module, no Node builtin, no Node global, and never zod (zod support lives in `convex-versioned/zod`).
 * The client and react entries must stay browser-safe: nothing from `convex/server` or the
 * server-side `define/`; the react entry leaves React and `convex/react` to the app.
 *
 * The scanner itself is checked first on entries that do break the rules, so a scanner that finds
 * nothing cannot pass silently.
 */
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
/** Peers are the user's: they are installed beside the library, not bundled into it. */
const PEERS = ["convex", "convex/*", "convex-helpers", "convex-helpers/*"];

interface Bundle {
  code: string;
  /** Every file the bundle was built from, relative to the repo root. */
  inputs: string[];
  /** Every import left in the output (externals). */
  imports: string[];
}

async function bundle(
  entry: { file: string } | { contents: string },
  extraExternal: string[] = [],
): Promise<Bundle> {
  const result = await build({
    ...("file" in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: root, loader: "ts" } }),
    absWorkingDir: root,
    bundle: true,
    write: false,
    platform: "neutral",
    format: "esm",
    metafile: true,
    logLevel: "silent",
    external: [...PEERS, ...extraExternal],
  });
  const metafile: Metafile = result.metafile;
  const outputs = Object.values(metafile.outputs);
  return {
    code: result.outputFiles.map((file) => file.text).join("\n"),
    inputs: Object.keys(metafile.inputs),
    imports: outputs.flatMap((output) => output.imports.map((imported) => imported.path)),
  };
}

const NODE_BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith("_")));

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || NODE_BUILTINS.has(specifier.split("/")[0]!);
}

/** Node globals the Convex runtime does not provide (`process.env` is provided; `process.*` is not). */
const NODE_GLOBALS: readonly RegExp[] = [
  /\bprocess\.(?!env\b)\w+/,
  /\brequire\s*\(/,
  /\bBuffer\.\w+/,
  /\b__dirname\b/,
  /\b__filename\b/,
  /\bsetImmediate\s*\(/,
];

/** Everything in `bundle` that would not load or run in the Convex runtime. */
function nodeOnlyUses(b: Bundle): string[] {
  return [
    ...b.imports.filter(isNodeBuiltin).map((s) => `import "${s}"`),
    ...b.inputs
      .filter((input) => isNodeBuiltin(input.replace(/^.*:/, "")))
      .map((s) => `input ${s}`),
    ...NODE_GLOBALS.flatMap((pattern) => b.code.match(pattern)?.[0] ?? []),
  ];
}

function zodUses(b: Bundle): string[] {
  return [
    ...b.imports.filter((s) => s === "zod" || s.startsWith("zod/")),
    ...b.inputs.filter((input) => /(^|\/)node_modules\/zod\//.test(input)),
    ...b.inputs.filter((input) => input === "src/zod.ts"),
  ];
}

/** What a browser entry must not contain: server code of Convex or of this package, Node, zod. */
function serverCodeIn(b: Bundle): string[] {
  return [
    ...b.imports.filter((s) => s === "convex/server" || s.startsWith("convex/server/")),
    ...b.inputs.filter((input) => /^src\/(define|cli|contracts|compat|report)\//.test(input)),
    ...b.inputs.filter((input) => input === "src/index.ts" || input === "src/errors.ts"),
    ...nodeOnlyUses(b),
    ...zodUses(b),
  ];
}

/** React is the app's: left external, never bundled. */
const REACT = ["react", "react/*", "react-dom", "react-dom/*"];

describe("the scanner catches what it must", () => {
  const nodeCode = [
    'import { readFileSync } from "node:fs";',
    'import { join } from "path";',
    "export const x = () => [readFileSync, join, process.cwd()];",
  ].join("\n");

  test("a neutral-platform build refuses Node builtins outright", async () => {
    await expect(bundle({ contents: nodeCode })).rejects.toThrow(/Could not resolve "node:fs"/);
  });

  test("builtins left external and Node globals are reported", async () => {
    const b = await bundle({ contents: nodeCode }, ["node:*", "path"]);
    expect(nodeOnlyUses(b)).toEqual(['import "node:fs"', 'import "path"', "process.cwd"]);
  });

  test("server code entering a browser entry is reported (the react entry plus the server entry)", async () => {
    const b = await bundle(
      {
        contents: [
          'export * from "./src/react.ts";',
          'export * from "./src/index.ts";',
          'export { queryGeneric } from "convex/server";',
        ].join("\n"),
      },
      REACT,
    );
    const found = serverCodeIn(b);
    expect(found).toContain("convex/server");
    expect(found).toContain("src/index.ts");
    expect(found.some((s) => s.startsWith("src/define/"))).toBe(true);
  });

  test("zod entering a bundle is reported (here through convex-versioned/zod)", async () => {
    const b = await bundle({ contents: 'export * from "./src/zod.ts";' });
    expect(zodUses(b)).toContain("src/zod.ts");
    expect(zodUses(b).some((s) => s === "zod/v4" || s.includes("node_modules/zod/"))).toBe(true);
  });
});

describe("server entry (src/index.ts)", () => {
  test("bundles for the Convex runtime: peers only, no Node, no zod", async () => {
    const b = await bundle({ file: "src/index.ts" });
    expect(b.inputs).toContain("src/index.ts");
    expect(nodeOnlyUses(b)).toEqual([]);
    expect(zodUses(b)).toEqual([]);
    // What is left unbundled is exactly the user's peers.
    const isPeer = (s: string) =>
      s === "convex" ||
      s.startsWith("convex/") ||
      s === "convex-helpers" ||
      s.startsWith("convex-helpers/");
    expect(b.imports.filter((s) => !isPeer(s))).toEqual([]);
    // Node-only folders of this package never reach it.
    expect(b.inputs.filter((input) => /^src\/(cli|spec|compat|report)\//.test(input))).toEqual([]);
  });
});

describe("server entry size", () => {
  // DESIGN budget: ≤ 6 KB minified and gzipped, measured as bench/size.ts does (peers external).
  test("stays within 6 KB min+gz, defineSkewBeacon included", async () => {
    const result = await build({
      entryPoints: ["src/index.ts"],
      absWorkingDir: root,
      bundle: true,
      write: false,
      minify: true,
      platform: "neutral",
      format: "esm",
      metafile: true,
      logLevel: "silent",
      external: PEERS,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain("src/skew.ts");
    expect(gzipSync(result.outputFiles[0]!.contents).byteLength).toBeLessThanOrEqual(6 * 1024);
  });
});

describe("client entry (src/client.ts)", () => {
  test("is browser-safe: nothing from convex/server or src/define, no Node, no zod", async () => {
    const b = await bundle({ file: "src/client.ts" });
    expect(b.inputs).toContain("src/client.ts");
    expect(
      b.imports.filter((s) => s === "convex/server" || s.startsWith("convex/server/")),
    ).toEqual([]);
    expect(b.inputs.filter((input) => input.startsWith("src/define/"))).toEqual([]);
    expect(nodeOnlyUses(b)).toEqual([]);
    expect(zodUses(b)).toEqual([]);
  });
});

describe("react entry (src/react.ts)", () => {
  test("is browser-safe and leaves React and convex/react to the app", async () => {
    const b = await bundle({ file: "src/react.ts" }, REACT);
    expect(b.inputs).toContain("src/react.ts");
    expect(serverCodeIn(b)).toEqual([]);
    // Only what the app already has: React, convex/react, and the HTTP client convex/browser.
    expect([...new Set(b.imports)].sort()).toEqual(["convex/browser", "convex/react", "react"]);
  });
});
