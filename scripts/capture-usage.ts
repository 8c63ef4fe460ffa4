/**
 * Captures usage evidence from real calls: runs the project's convex/ app on convex-test, calls old
 * and new versions by string path (as old clients do) along a simulated six-week timeline, records
 * what each call logged, and writes it in both log formats the report reads:
 *
 * - test/fixtures/usage/captured.convex-logs.jsonl: what `npx convex logs --jsonl` prints, one
 *   `FunctionExecution` Completion per call (convex/src/cli/lib/apiTypes.ts);
 * - test/fixtures/usage/captured.log-stream.jsonl: what a log stream (webhook/Axiom/Datadog) sends,
 *   one `console` event per logged line and one `function_execution` event per call;
 * - test/fixtures/usage/app.json: the app's `AppSpec` (versioned exports with their metadata), the
 *   input the report tests pair with these logs.
 *
 * Run: `npx tsx scripts/capture-usage.ts` (plain Node + tsx: the modules map convex-test needs is
 * built here from the convex/ folder instead of `import.meta.glob`; `convex-versioned` resolves to
 * src/ through the package's self-reference). Deterministic: re-running gives the same files.
 *
 * What is real: the calls, the runtime's dispatch, its sampling and the exact console output. What is
 * simulated: the clock (`Date.now` is set to each call's time so the runtime's one-line-a-minute
 * sampling behaves as it would in production), the request ids and durations (convex-test has none).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type FunctionReference, makeFunctionReference } from "convex/server";
import { convexTest } from "convex-test";
import { describeVersioned } from "../src/define/describe.ts";
import type { AppSpec, FunctionSpec } from "../src/model.ts";
import { inspectString } from "../src/report/usage/library-line.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const convexDir = join(root, "convex");
const outDir = join(root, "test/fixtures/usage");

type Kind = "query" | "mutation" | "action";
interface Call {
  at: string;
  kind: Kind;
  path: string;
  args: Record<string, unknown>;
  /** A call from the test itself that a real client would not make (setup); not written to logs. */
  setup?: boolean;
}

/** Everything the convex/ folder exports, as convex-test wants it (keys must include `_generated`). */
function modulesMap(): Record<string, () => Promise<unknown>> {
  const modules: Record<string, () => Promise<unknown>> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        modules[`/convex/${relative(convexDir, path)}`] = () => import(pathToFileURL(path).href);
      }
    }
  };
  walk(convexDir);
  return modules;
}

/**
 * The timeline. "Now" for the report tests is 2026-12-20 with a 14-day quiet window (from 2026-12-06):
 * - messages:send (v 2026-06-01, remove after 2026-12-01) is still called on 2026-12-15;
 * - messages:list shape 2026-06-01 (remove after 2026-12-01) was last called on 2026-11-25, in a
 *   burst that the runtime samples into one line with calls > 1;
 * - profiles:setName (remove after 2026-12-01) is called three times within a minute on 2026-11-28,
 *   so two of the calls leave no library line: only the path proves them;
 * - summaries:countWords (internal, remove after 2026-11-01) was last called on 2026-11-10;
 * - messages:post is a tombstone, still hit by a stale tab on 2026-12-10;
 * - current versions and not-yet-overdue versions are called throughout.
 */
function timeline(channelId: string): Call[] {
  const m = (at: string, path: string, args: Record<string, unknown>): Call => ({
    at,
    kind: "mutation",
    path,
    args,
  });
  const q = (at: string, path: string, args: Record<string, unknown>): Call => ({
    at,
    kind: "query",
    path,
    args,
  });
  const a = (at: string, path: string, args: Record<string, unknown>): Call => ({
    at,
    kind: "action",
    path,
    args,
  });
  const v3 = { channelId, text: "hello", author: "ada", format: "markdown" };
  return [
    m("2026-11-10T09:00:00.000Z", "messages:sendMessage", v3),
    q("2026-11-10T09:05:00.000Z", "summaries:countWords", { channelId }),
    m("2026-11-12T14:00:00.000Z", "messages:send", { body: "from the old app", author: "bob" }),
    q("2026-11-20T08:00:00.000Z", "messages:list", { channelId, limit: 10 }),
    // A reactive query re-running: five calls within 40 seconds, then one more two minutes later.
    q("2026-11-25T10:00:00.000Z", "messages:list", { channel: "general" }),
    q("2026-11-25T10:00:10.000Z", "messages:list", { channel: "general" }),
    q("2026-11-25T10:00:20.000Z", "messages:list", { channel: "general" }),
    q("2026-11-25T10:00:30.000Z", "messages:list", { channel: "general" }),
    q("2026-11-25T10:00:40.000Z", "messages:list", { channel: "general" }),
    q("2026-11-25T10:02:40.000Z", "messages:list", { channel: "general" }),
    m("2026-11-28T18:00:00.000Z", "profiles:setName", { token: "user:ada", name: "Ada" }),
    m("2026-11-28T18:00:15.000Z", "profiles:setName", { token: "user:ada", name: "Ada L." }),
    m("2026-11-28T18:00:30.000Z", "profiles:setName", { token: "user:ada", name: "Ada Lovelace" }),
    m("2026-12-02T11:00:00.000Z", "messages:sendMessage", {
      channelId,
      text: "v2 client",
      author: "cy",
    }),
    q("2026-12-05T12:00:00.000Z", "messages:list", { channelId }),
    m("2026-12-08T07:30:00.000Z", "profiles:updateProfile", {
      token: "user:ada",
      displayName: "Ada",
    }),
    m("2026-12-10T16:45:00.000Z", "messages:post", { body: "from a tab open since spring" }),
    m("2026-12-15T09:15:00.000Z", "messages:send", { body: "still the old app", author: "bob" }),
    a("2026-12-18T13:00:00.000Z", "summaries:summarize", { channelId }),
    a("2026-12-19T13:00:00.000Z", "summaries:summarize", { channelId, maxWords: 20 }),
    q("2026-12-19T20:00:00.000Z", "messages:list", { channelId, limit: 5 }),
    m("2026-12-19T21:00:00.000Z", "messages:sendMessage", v3),
  ];
}

interface Captured {
  call: Call;
  ms: number;
  lines: { messages: string[]; level: "LOG" | "INFO" | "WARN" | "ERROR" | "DEBUG" }[];
  error?: string;
}

const LEVELS = { log: "LOG", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG" } as const;

/** Convex serialises each console argument with object-inspect; strings are single-quoted. */
function inspectArg(value: unknown): string {
  return typeof value === "string" ? inspectString(value) : JSON.stringify(value);
}

async function capture(): Promise<Captured[]> {
  const schema = (
    (await import(pathToFileURL(join(convexDir, "schema.ts")).href)) as { default: never }
  ).default;
  const t = convexTest(schema, modulesMap());
  const realNow = Date.now;
  const consoleMethods = Object.keys(LEVELS) as (keyof typeof LEVELS)[];
  const saved = consoleMethods.map((k) => console[k]);
  const run = async (call: Call): Promise<Captured> => {
    const ms = Date.parse(call.at);
    const lines: Captured["lines"] = [];
    Date.now = () => ms;
    for (const k of consoleMethods) {
      console[k] = (...args: unknown[]) =>
        lines.push({ messages: args.map(inspectArg), level: LEVELS[k] });
    }
    let error: string | undefined;
    try {
      const ref = makeFunctionReference(call.path) as FunctionReference<Kind, "public">;
      if (call.kind === "query") await t.query(ref as FunctionReference<"query">, call.args);
      else if (call.kind === "mutation")
        await t.mutation(ref as FunctionReference<"mutation">, call.args);
      else await t.action(ref as FunctionReference<"action">, call.args);
    } catch (e) {
      error = `Uncaught ${e instanceof Error ? `${e.name === "Error" ? "Error" : e.name}: ${e.message}` : String(e)}`;
    } finally {
      consoleMethods.forEach((k, i) => {
        console[k] = saved[i] as (typeof console)[typeof k];
      });
      Date.now = realNow;
    }
    return { call, ms, lines, ...(error ? { error } : {}) };
  };
  const setup = await run({
    at: "2026-11-01T00:00:00.000Z",
    kind: "mutation",
    path: "channels:create",
    args: { name: "general" },
    setup: true,
  });
  if (setup.error) throw new Error(`setup failed: ${setup.error}`);
  const channelId = (await t.run(
    async (ctx) => (await ctx.db.query("channels").first())?._id,
  )) as string;
  const out: Captured[] = [];
  for (const call of timeline(channelId)) out.push(await run(call));
  return out;
}

const UDF_TYPE = { query: "Query", mutation: "Mutation", action: "Action" } as const;

/** One `npx convex logs --jsonl` line: the backend's FunctionExecution, Completion kind. */
function functionExecution(c: Captured, n: number) {
  const id = `${(n + 1).toString(16).padStart(16, "0")}`;
  return {
    udfType: UDF_TYPE[c.call.kind],
    componentPath: null,
    identifier: c.call.path,
    logLines: c.lines.map((l) => ({
      ...l,
      isTruncated: false,
      timestamp: c.ms,
      systemMetadata: null,
    })),
    timestamp: c.ms / 1000,
    cachedResult: false,
    caller: "Websocket",
    parentExecutionId: null,
    executionTime: 0.004,
    userExecutionTime: 0.003,
    success: null,
    ...(c.error ? { error: c.error } : {}),
    requestId: id,
    executionId: `exec-${id}`,
    usageStats: {
      databaseReadBytes: 0,
      databaseWriteBytes: 0,
      databaseIoReadBytes: 0,
      databaseIoWriteBytes: 0,
      databaseReadDocuments: 0,
      databaseWriteDocuments: 0,
      databaseWriteIndexRows: 0,
      storageReadBytes: 0,
      storageWriteBytes: 0,
      vectorIndexReadBytes: 0,
      vectorIndexWriteBytes: 0,
      textIndexQueryBytes: 0,
      textIndexWriteQueryBytes: 0,
      vectorIndexReadQueryBytes: 0,
      vectorIndexWriteQueryBytes: 0,
      networkEgressBytes: 0,
      memoryUsedMb: 0,
    },
    returnBytes: null,
    occInfo: null,
    willRetry: false,
    executionTimestamp: c.ms / 1000 - 0.004,
    identityType: "Unknown",
    environment: "isolate",
    kind: "Completion",
  };
}

/** The log-stream events for one call (docs: production/integrations/log-streams, current schema). */
function streamEvents(c: Captured, n: number) {
  const fn = {
    path: c.call.path,
    request_id: `${(n + 1).toString(16).padStart(16, "0")}`,
    type: c.call.kind,
  };
  const fnWithCache = c.call.kind === "query" ? { ...fn, cached: false } : fn;
  return [
    ...c.lines.map((l) => ({
      topic: "console",
      timestamp: c.ms,
      function: fnWithCache,
      log_level: l.level,
      message: l.messages.join(" "),
      is_truncated: false,
    })),
    {
      topic: "function_execution",
      timestamp: c.ms + 4,
      function: fnWithCache,
      execution_time_ms: 4,
      status: c.error ? "failure" : "success",
      ...(c.error ? { error_message: c.error } : {}),
      ...(c.call.kind === "mutation" ? { mutation_retry_count: 0 } : {}),
      usage: {
        database_read_bytes: 0,
        database_write_bytes: 0,
        file_storage_read_bytes: 0,
        file_storage_write_bytes: 0,
        vector_storage_read_bytes: 0,
        vector_storage_write_bytes: 0,
        ...(c.call.kind === "action" ? { action_memory_used_mb: 0 } : {}),
      },
    },
  ];
}

/** The app as the report sees it: every exported function, with versioned metadata where present. */
async function appSpec(): Promise<AppSpec> {
  const functions: Record<string, FunctionSpec> = {};
  const files = readdirSync(convexDir).filter((f) => /^[^.]+\.ts$/.test(f) && f !== "schema.ts");
  for (const file of files.sort()) {
    const module = file.slice(0, -3);
    const exports = (await import(pathToFileURL(join(convexDir, file)).href)) as Record<
      string,
      any
    >;
    for (const [name, fn] of Object.entries(exports).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (typeof fn !== "function" && typeof fn !== "object") continue;
      if (!fn || !(fn.isQuery || fn.isMutation || fn.isAction)) continue;
      const meta = describeVersioned(fn);
      functions[`${module}:${name}`] = {
        kind: fn.isQuery ? "query" : fn.isMutation ? "mutation" : "action",
        visibility: fn.isInternal ? "internal" : "public",
        args: JSON.parse(fn.exportArgs()),
        returns: JSON.parse(fn.exportReturns()),
        ...(meta
          ? {
              versioned: {
                definition: meta.definition,
                current: meta.current,
                serves: meta.serves,
                versions: meta.versions,
              },
            }
          : {}),
      };
    }
  }
  return { functions };
}

const captured = await capture();
const jsonl = captured.map((c, n) => JSON.stringify(functionExecution(c, n)));
const stream = captured.flatMap((c, n) => streamEvents(c, n).map((e) => JSON.stringify(e)));
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "captured.convex-logs.jsonl"), `${jsonl.join("\n")}\n`);
writeFileSync(join(outDir, "captured.log-stream.jsonl"), `${stream.join("\n")}\n`);
writeFileSync(join(outDir, "app.json"), `${JSON.stringify(await appSpec(), null, 2)}\n`);
// The repository lints JSON with biome; format the spec its way so `npm run lint` stays clean.
const biome = spawnSync(
  process.execPath,
  [
    join(root, "node_modules/@biomejs/biome/bin/biome"),
    "format",
    "--write",
    join(outDir, "app.json"),
  ],
  { encoding: "utf8" },
);
if (biome.status !== 0) throw new Error(`biome format failed:\n${biome.stderr}`);
const lines = captured.reduce((n, c) => n + c.lines.length, 0);
const failed = captured.filter((c) => c.error).map((c) => `${c.call.path}: ${c.error}`);
console.log(
  `captured ${captured.length} calls, ${lines} console lines, ${failed.length} failed call(s)\n${failed.join("\n")}\n→ ${relative(root, outDir)}/`,
);
