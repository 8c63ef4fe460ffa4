/**
 * Size of what a Convex app ships when it imports the library: each entry bundled as a user's bundler
 * would (esbuild, ESM, platform neutral, minified, the peers convex and convex-helpers left external
 * as they are the app's own), then gzipped (zlib.gzipSync, default level). Budget: the server entry ≤ 6 KB (6,144 bytes) gzipped.
 *
 * Run: `npx tsx bench/size.ts`. The last line of output is one JSON object with the figures.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const PEERS = ["convex", "convex/*", "convex-helpers", "convex-helpers/*"];
const BUDGET_BYTES = 6 * 1024;

interface Size {
  entry: string;
  minifiedBytes: number;
  gzipBytes: number;
  /** Bundled source files, biggest first (minified bytes each contributes). */
  inputs: { path: string; bytes: number }[];
}

async function size(
  entry: string,
  external: string[],
  platform: "neutral" | "browser" = "neutral",
): Promise<Size> {
  const result = await build({
    entryPoints: [join(repo, entry)],
    absWorkingDir: repo,
    bundle: true,
    write: false,
    minify: true,
    platform,
    format: "esm",
    metafile: true,
    logLevel: "silent",
    external,
  });
  const code = result.outputFiles[0]!.contents;
  const output = Object.values(result.metafile.outputs)[0]!;
  return {
    entry,
    minifiedBytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    inputs: Object.entries(output.inputs)
      .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
      .sort((a, b) => b.bytes - a.bytes),
  };
}

const server = await size("src/index.ts", PEERS);
const client = await size("src/client.ts", PEERS);
// zod is a peer of the zod entry: the app has it already.
const zod = await size("src/zod.ts", [...PEERS, "zod", "zod/*"]);
// React, react-dom and convex/react are the app's; the react entry is browser-only. Budget 3 KB
// (asserted by test/bundle/react-size.test.ts).
const react = await size(
  "src/react.ts",
  [...PEERS, "react", "react/*", "react-dom", "react-dom/*"],
  "browser",
);
const REACT_BUDGET_BYTES = 3 * 1024;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
console.log(
  "entry sizes (esbuild --bundle --minify, peers external; zlib.gzipSync default level):",
);
for (const s of [server, client, zod, react]) {
  console.log(
    `  ${s.entry.padEnd(14)} minified ${kb(s.minifiedBytes).padStart(9)}  gzipped ${kb(s.gzipBytes).padStart(8)}`,
  );
}
const ok = server.gzipBytes <= BUDGET_BYTES;
console.log(
  `  server entry gzipped: ${server.gzipBytes} bytes (budget ${BUDGET_BYTES}) ${ok ? "OK" : "OVER BUDGET"}`,
);
console.log("  server entry, largest inputs (minified bytes):");
for (const input of server.inputs.slice(0, 5)) {
  console.log(`    ${input.path.padEnd(28)} ${input.bytes}`);
}
console.log(
  JSON.stringify({
    bench: "size",
    server: { minifiedBytes: server.minifiedBytes, gzipBytes: server.gzipBytes },
    client: { minifiedBytes: client.minifiedBytes, gzipBytes: client.gzipBytes },
    zod: { minifiedBytes: zod.minifiedBytes, gzipBytes: zod.gzipBytes },
    react: { minifiedBytes: react.minifiedBytes, gzipBytes: react.gzipBytes },
    reactBudgetBytes: REACT_BUDGET_BYTES,
    budgetBytes: BUDGET_BYTES,
    withinBudget: ok,
  }),
);
