/**
 * Two builds of the CLI against each other, as a user runs them: whole processes on the CLI bench's
 * app (1,000 functions in 200 modules, bench/.generated/cli), interleaved pairs, the median of the
 * per-pair ratios B / A. Every "measured against the build before" figure in docs/benchmarks.md is
 * one of these; keep a change to the CLI's speed only when this says so.
 *
 * A side is a built checkout of this repository (`git worktree add ../wt HEAD`, then `npm ci` or a
 * `node_modules` link, and `npm run build` there): its `bin/convex-versioned.js` runs, so its
 * loader, its comparison and its runtime module (compiled into the app's bundle) are measured. The
 * app's own `convex-versioned` import stays this repository's build (the app links it). The same
 * checkout on both sides measures the noise; on the 2-core VM of docs/benchmarks.md, 21 cold pairs
 * of one build against itself read 0.991 and 1.002 (single pairs 0.85–1.18).
 *
 * Pairs alternate which side runs first (B A, A B, …), so neither always follows the other.
 *
 * Run: npx tsx bench/ab.ts --a DIR --b DIR [--mode cold|warm|edited|infer-warm|help]
 *        [--rounds N] [--env-b NAME=VALUE]...
 *   cold (default): the app's cache deleted before each run; warm: kept; edited: warm, against a
 *   lock one function short of the code; infer-warm: `check` with inference, warm; help: `--help`.
 *   --env-b: set for B's runs only (a throwaway build that switches on a variable).
 *   Last line: one JSON object ({ mode, rounds, a, b, ratio, ratios }).
 */
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CHECK_EDITED, CHECK_INFER, CHECK_NO_INFER, generateApp } from "./app.ts";
import { interleavedPairs, median, runOk } from "./process.ts";

export const AB_MODES = ["cold", "warm", "edited", "infer-warm", "help"] as const;
export type AbMode = (typeof AB_MODES)[number];

export interface AbOptions {
  a: string;
  b: string;
  mode: AbMode;
  rounds: number;
  envB: Record<string, string>;
}

export function parseAbArgs(argv: readonly string[]): AbOptions {
  const options: Partial<AbOptions> & { envB: Record<string, string> } = {
    mode: "cold",
    rounds: 21,
    envB: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === "--a") options.a = resolve(value());
    else if (arg === "--b") options.b = resolve(value());
    else if (arg === "--mode") {
      const mode = value();
      if (!(AB_MODES as readonly string[]).includes(mode))
        throw new Error(`--mode ${mode}: one of ${AB_MODES.join(", ")}`);
      options.mode = mode as AbMode;
    } else if (arg === "--rounds") {
      options.rounds = Number(value());
      if (!Number.isInteger(options.rounds) || options.rounds < 1)
        throw new Error("--rounds N: a whole number ≥ 1");
    } else if (arg === "--env-b") {
      const pair = value();
      const at = pair.indexOf("=");
      if (at < 1) throw new Error(`--env-b ${pair}: NAME=VALUE`);
      options.envB[pair.slice(0, at)] = pair.slice(at + 1);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!options.a || !options.b) throw new Error("--a DIR and --b DIR: two built checkouts");
  return options as AbOptions;
}

const ARGS: Record<AbMode, readonly string[]> = {
  cold: CHECK_NO_INFER,
  warm: CHECK_NO_INFER,
  edited: CHECK_EDITED,
  "infer-warm": CHECK_INFER,
  help: ["--help"],
};

async function main(): Promise<void> {
  const options = parseAbArgs(process.argv.slice(2));
  const bins = [options.a, options.b].map((dir) => join(dir, "bin/convex-versioned.js"));
  for (const [i, dir] of [options.a, options.b].entries()) {
    if (!existsSync(bins[i]!)) throw new Error(`${dir}: not a checkout of convex-versioned`);
    if (!existsSync(join(dir, "dist/cli/index.js")))
      throw new Error(`${dir}: no dist/cli/index.js; run \`npm run build\` there first`);
  }
  const root = fileURLToPath(new URL("./.generated/cli/", import.meta.url));
  generateApp(root, { tsconfig: true, linkPackage: true });
  const cacheDir = join(root, "node_modules/.cache/convex-versioned");
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  const run = (bin: string, args: readonly string[], extra: Record<string, string> = {}) =>
    runOk(process.execPath, [bin, ...args], { cwd: root, env: { ...env, ...extra } });
  // The locks bench/cli.ts writes, written by A when missing.
  const locks: [string, string[]][] = [
    ["validators.lock.json", ["snapshot", "--no-infer-returns", "--out", "validators.lock.json"]],
    ["inferred.lock.json", ["snapshot", "--out", "inferred.lock.json"]],
  ];
  for (const [file, args] of locks) if (!existsSync(join(root, file))) await run(bins[0]!, args);
  if (options.mode === "edited" && !existsSync(join(root, "edited.lock.json")))
    throw new Error("edited.lock.json is missing: run `npx tsx bench/cli.ts` once (it writes it)");
  const side = (bin: string, extra?: Record<string, string>) => async () => {
    if (options.mode === "cold") rmSync(cacheDir, { recursive: true, force: true });
    return (await run(bin, ARGS[options.mode], extra)).ms;
  };
  // The bench's ratios are A / B (the command over its yardstick); here B is the build on trial.
  const pairs = await interleavedPairs(
    options.rounds,
    side(bins[1]!, options.envB),
    side(bins[0]!),
    undefined,
    { alternate: true },
  );
  const [b, a] = [pairs.a, pairs.b];
  const ratio = pairs.ratio;
  const sorted = [...pairs.ratios].sort((x, y) => x - y);
  process.stdout.write(
    `${options.mode}, ${options.rounds} pairs: A ${median(a).toFixed(0)} ms, B ${median(b).toFixed(0)} ms; ` +
      `B / A ${ratio.toFixed(3)} (per pair ${sorted[0]!.toFixed(3)}–${sorted.at(-1)!.toFixed(3)})\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ mode: options.mode, rounds: options.rounds, a, b, ratio, ratios: pairs.ratios })}\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
