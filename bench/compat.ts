/**
 * How long the pure compat step of `check` takes (no bundling, no I/O): `checkCompat` plus the
 * JSON and text renderers, on generated apps of 1,000 functions. bench/check.ts measures the whole
 * command against esbuild; this one isolates compat's share and its worst shapes.
 *
 * Three apps, each compared baseline → current with 10% of the functions edited:
 * - plain: 1,000 functions with object args (nested arrays, unions, optional fields) and returns;
 * - versioned: 1,000 versioned exports of three versions each (the dispatcher's view);
 * - renamed: 100 functions removed and 100 added (every removal looks for a rename candidate
 *   among the additions: the quadratic part).
 *
 * Each round builds fresh apps, so compat's per-object memo tables start empty as in a CLI run;
 * the first round also pays the JIT warm-up a CLI process pays (reported as firstRunMs).
 *
 * Run: npx tsx bench/compat.ts   (last line: one JSON object of figures)
 */
import { checkCompat, renderCheck } from "../src/compat/index.ts";
import type { ValidatorJSON, VersionMeta } from "../src/meta.ts";
import type { AppSpec, FunctionSpec } from "../src/model.ts";

const FUNCTIONS = 1_000;
const ROUNDS = 15;
const NOW = "2026-11-20";

const str: ValidatorJSON = { type: "string" };
const num: ValidatorJSON = { type: "number" };
const field = (fieldType: ValidatorJSON, optional = false) => ({ fieldType, optional });
const lit = (value: string): ValidatorJSON => ({ type: "literal", value });

function argsOf(i: number, edited: boolean): ValidatorJSON {
  const item: ValidatorJSON = {
    type: "object",
    value: {
      id: field({ type: "id", tableName: `t${i % 20}` }),
      kind: field({
        type: "union",
        value: edited ? [lit("a"), lit("b")] : [lit("a"), lit("b"), lit("c")],
      }),
      tags: field({ type: "array", value: str }),
      score: field(num, true),
    },
  };
  return {
    type: "object",
    value: {
      items: field({ type: "array", value: item }),
      cursor: field(str, true),
      limit: field(num),
      meta: field({ type: "record", keys: str, values: { fieldType: num, optional: false } }),
      ...(edited ? { channel: field(str) } : {}),
    },
  };
}

function returnsOf(edited: boolean): ValidatorJSON {
  return {
    type: "object",
    value: {
      page: field({
        type: "array",
        value: { type: "object", value: { id: field(str), title: field(str) } },
      }),
      done: field({ type: "boolean" }),
      ...(edited ? {} : { next: field({ type: "union", value: [str, { type: "null" }] }) }),
    },
  };
}

function plainApp(edit: boolean): AppSpec {
  const functions: Record<string, FunctionSpec> = {};
  for (let i = 0; i < FUNCTIONS; i++) {
    const edited = edit && i % 10 === 0;
    functions[`m${i % 200}:f${i}`] = {
      kind: i % 3 === 0 ? "query" : "mutation",
      visibility: i % 7 === 0 ? "internal" : "public",
      args: argsOf(i, edited),
      returns: returnsOf(edited),
    };
  }
  return { functions };
}

function versionedApp(edit: boolean): AppSpec {
  const functions: Record<string, FunctionSpec> = {};
  for (let i = 0; i < FUNCTIONS; i++) {
    const edited = edit && i % 10 === 0;
    const versions: VersionMeta[] = ["2026-01-01", "2026-04-01", "2026-08-01"].map((label, k) => ({
      label,
      exportName: `f${i}`,
      args: {
        type: "object",
        value: {
          ...(argsOf(i, edited && k === 2) as Extract<ValidatorJSON, { type: "object" }>).value,
          [`v${k}`]: field(str),
        },
      },
      returns: returnsOf(false),
      ...(k < 2 ? { deprecated: { since: "2026-08-01", removeAfter: "2027-01-01" } } : {}),
    }));
    functions[`m${i % 200}:f${i}`] = {
      kind: "mutation",
      visibility: "public",
      args: versions[2]!.args,
      returns: returnsOf(false),
      versioned: {
        definition: `f${i}`,
        current: "2026-08-01",
        serves: versions.map((v) => v.label),
        versions,
      },
    };
  }
  return { functions };
}

function renamedApp(edit: boolean): AppSpec {
  const app = plainApp(false);
  if (!edit) return app;
  const functions: Record<string, FunctionSpec> = {};
  for (const [path, spec] of Object.entries(app.functions)) {
    const i = Number(path.slice(path.lastIndexOf(":f") + 2));
    functions[i % 10 === 0 ? `${path}Renamed` : path] = spec;
  }
  return { functions };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measure(name: string, make: (edit: boolean) => AppSpec) {
  const compare: number[] = [];
  const render: number[] = [];
  let findings = 0;
  let breaking = 0;
  for (let r = 0; r < ROUNDS; r++) {
    // Fresh objects every round: compat memoises per object, and a CLI run compares each once.
    const baseline = make(false);
    const current = make(true);
    const t0 = performance.now();
    const result = checkCompat(baseline, current, { now: NOW });
    const t1 = performance.now();
    renderCheck(result, "json", { color: false });
    renderCheck(result, "text", { color: false });
    const t2 = performance.now();
    compare.push(t1 - t0);
    render.push(t2 - t1);
    findings = result.changes.length;
    breaking = result.changes.filter((f) => f.level === "breaking").length;
  }
  const figures = {
    compareMs: Number(median(compare).toFixed(2)),
    renderMs: Number(median(render).toFixed(2)),
    firstRunMs: Number((compare[0]! + render[0]!).toFixed(2)),
    findings,
    breaking,
  };
  console.log(
    `${name.padEnd(10)} checkCompat ${figures.compareMs} ms, render json+text ${figures.renderMs} ms (median of ${ROUNDS}; first run ${figures.firstRunMs} ms), ${findings} findings (${breaking} breaking)`,
  );
  return figures;
}

console.log(`compat on ${FUNCTIONS} functions, 10% edited:`);
const figures = {
  functions: FUNCTIONS,
  plain: measure("plain", plainApp),
  versioned: measure("versioned", versionedApp),
  renamed: measure("renamed", renamedApp),
};
console.log(JSON.stringify(figures));
