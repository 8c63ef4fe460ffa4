/**
 * The fixes `check` prints are code to paste. These tests paste them: the ```ts block of a finding's
 * fix is compiled with esbuild, run with the real `defineVersioned`, Convex's builders and `v`, read
 * back the way `snapshot` reads a module (contracts/module-exports.ts), and the app with the fix applied
 * is checked against the same baseline again. A fix that does not define, or that still breaks an
 * old client, fails here.
 */
import {
  actionGeneric,
  internalMutationGeneric,
  mutationGeneric,
  queryGeneric,
} from "convex/server";
import { v } from "convex/values";
import { transformSync } from "esbuild";
import { describe, expect, test } from "vitest";
import { checkCompat, type Finding } from "../../src/compat/index.ts";
import { functionsOfModule } from "../../src/contracts/module-exports.ts";
import { defineVersioned } from "../../src/index.ts";
import type { AppSpec, FunctionSpec } from "../../src/model.ts";
import { app, args, fn, j, NOW, version, versioned } from "./helpers.ts";

/** The first ```ts block of a fix. */
function snippet(fix: string | undefined): string {
  const match = /```ts\n([\s\S]*?)\n```/.exec(fix ?? "");
  if (!match) throw new Error(`no code block in fix:\n${fix}`);
  return match[1]!;
}

/** Runs a snippet as module `name` and returns the functions it exports, as snapshot reads them. */
function paste(code: string, name: string): Record<string, FunctionSpec> {
  // A re-export line (`export { x } from "./y"`) belongs to another file: the caller handles it.
  const own = code.split("\n// convex/")[0]!;
  const js = transformSync(own, { loader: "ts", format: "cjs" }).code;
  const module = { exports: {} as Record<string, unknown> };
  new Function(
    "exports",
    "module",
    "defineVersioned",
    "mutation",
    "query",
    "action",
    "internalMutation",
    "v",
    js,
  )(
    module.exports,
    module,
    defineVersioned,
    mutationGeneric,
    queryGeneric,
    actionGeneric,
    internalMutationGeneric,
    v,
  );
  return functionsOfModule(name, module.exports);
}

function applyFix(current: AppSpec, f: Finding, module: string): AppSpec {
  return { functions: { ...current.functions, ...paste(snippet(f.fix), module) } };
}

const send = args({ body: v.string(), author: v.string() });
const id = j(v.id("messages"));

describe("pasting the fix resolves the finding", () => {
  test("a removed function: restored, deprecated, and deletable after its date", () => {
    const baseline = app({ "messages:send": fn(send, id) });
    const result = checkCompat(baseline, app({}), { now: NOW });
    expect(result.changes.map((f) => f.rule)).toEqual(["FUNCTION_NO_DELETE"]);
    const fixed = applyFix(app({}), result.changes[0]!, "messages");
    const again = checkCompat(baseline, fixed, { now: NOW });
    expect(again.ok).toBe(true);
    expect(again.changes.map((f) => f.message)).toEqual([
      'Function "messages:send" was deprecated (since 2026-11-20, removeAfter 2027-02-18).',
    ]);
    // The restored version carries dates: once they passed, deleting it is allowed.
    const later = checkCompat(fixed, app({}), { now: "2027-06-01" });
    expect(later.changes.map((f) => [f.rule, f.level])).toEqual([
      ["VERSION_REMOVED_AFTER_SUNSET", "info"],
    ]);
  });

  test("a rename: the old name is served by the new definition", () => {
    const baseline = app({ "messages:send": fn(send, id) });
    const current = app({
      "messages:post": fn(
        args({ body: v.string(), author: v.string(), channel: v.optional(v.string()) }),
        id,
      ),
    });
    const result = checkCompat(baseline, current, { now: NOW });
    expect(result.changes[0]!.message).toContain("looks like a rename");
    const fixed = applyFix(current, result.changes[0]!, "messages");
    expect(Object.keys(fixed.functions).sort()).toEqual(["messages:post", "messages:send"]);
    expect(checkCompat(baseline, fixed, { now: NOW }).ok).toBe(true);
  });

  test("changed args: the old shape becomes a version adapted up (placeholders included)", () => {
    const baseline = app({ "messages:send": fn(send, id) });
    const current = app({
      "messages:send": fn(
        args({ text: v.string(), author: v.string(), channelId: v.id("channels") }),
        id,
      ),
    });
    const result = checkCompat(baseline, current, { now: NOW });
    expect(result.changes.map((f) => [f.rule, f.path])).toEqual([
      ["ARG_NO_DELETE", "args.body"],
      ["ARG_NO_ADD_REQUIRED", "args.channelId"],
      ["ARG_NO_ADD_REQUIRED", "args.text"],
    ]);
    // One change, one chain to paste: every finding of it carries the same snippet.
    expect(new Set(result.changes.map((f) => snippet(f.fix))).size).toBe(1);
    const fixed = applyFix(current, result.changes[0]!, "messages");
    expect(checkCompat(baseline, fixed, { now: NOW })).toEqual({ ok: true, changes: [] });
  });

  test("a changed result: the old name keeps the old shape, the new one gets a new name", () => {
    const baseline = app({
      "profiles:get": fn(args({ id: v.id("users") }), args({ name: v.string(), bio: v.string() }), {
        kind: "query",
      }),
    });
    const current = app({
      "profiles:get": fn(args({ id: v.id("users") }), args({ name: v.string() }), {
        kind: "query",
      }),
    });
    const result = checkCompat(baseline, current, { now: NOW });
    expect(result.changes.map((f) => f.rule)).toEqual(["RETURNS_FIELD_NO_DELETE"]);
    const fixed = applyFix(current, result.changes[0]!, "profiles");
    expect(Object.keys(fixed.functions).sort()).toEqual(["profiles:get", "profiles:getV2"]);
    expect(checkCompat(baseline, fixed, { now: NOW }).ok).toBe(true);
  });

  test("an internal function keeps its internal builder", () => {
    const baseline = app({ "jobs:run": fn(send, null, { visibility: "internal" }) });
    const current = app({
      "jobs:run": fn(args({ author: v.string() }), null, { visibility: "internal" }),
    });
    const result = checkCompat(baseline, current, { now: NOW });
    expect(result.changes.map((f) => [f.rule, f.originalRule])).toEqual([
      ["INTERNAL_FUNCTION_CHANGED", "ARG_NO_DELETE"],
    ]);
    expect(snippet(result.changes[0]!.fix)).toContain("defineVersioned(internalMutation,");
    const fixed = applyFix(current, result.changes[0]!, "jobs");
    expect(checkCompat(baseline, fixed, { now: NOW })).toEqual({ ok: true, changes: [] });
  });
});

describe("exact text", () => {
  test("the restore fix of a removed mutation", () => {
    const result = checkCompat(app({ "messages:send": fn(send, id) }), app({}), { now: NOW });
    expect(
      result.changes[0]!.fix,
    ).toBe(`Put it back, deprecated, so old clients keep working until the date and \`check\` allows deleting it after:

\`\`\`ts
// convex/messages.ts
export const { send } = defineVersioned(mutation, { name: "send" })
  .version("legacy", {
    args: { body: v.string(), author: v.string() },
    returns: v.id("messages"),
    deprecated: { since: "2026-11-20", removeAfter: "2027-02-18" },
  })
  .handler(async (ctx, args) => {
    // the deleted handler (git show <baseline>:convex/messages.ts), or a call into the code that replaced it
  });
\`\`\`

Or, to stop serving it on purpose, leave a tombstone: old clients then get a typed VERSION_REMOVED error ("reload the app") instead of "Could not find public function". Add \`.version("legacy", { name: "send", removed: { since: "2026-11-20" } })\` as the first version of a definition in \`convex/messages.ts\`.`);
  });

  test("the up adapter names what to fill in", () => {
    const result = checkCompat(
      app({ "messages:send": fn(send) }),
      app({ "messages:send": fn(args({ author: v.string(), channelId: v.id("channels") })) }),
      { now: NOW },
    );
    expect(snippet(result.changes[0]!.fix)).toContain(`    up: async ({ body, ...prev }, ctx) => ({
      ...prev,
      // TODO: \`body\` is no longer accepted: map it to the new args or drop it
      channelId: undefined as never, // TODO: a value for the required \`channelId\` (Id<"channels">)
    }),`);
  });

  test("a move across folders imports with a relative path", () => {
    const result = checkCompat(app({ "a/b:send": fn(send) }), app({ "c:send": fn(send) }), {
      now: NOW,
    });
    expect(snippet(result.changes[0]!.fix)).toBe('// convex/a/b.ts\nexport { send } from "../c";');
  });
});

test("changed args and result under one name: old calls are answered by the legacy version", () => {
  const baseline = app({ "messages:send": fn(send, id) });
  const current = app({
    "messages:send": fn(
      args({ text: v.string(), author: v.string() }),
      j(v.object({ id: v.id("messages"), at: v.number() })),
    ),
  });
  const result = checkCompat(baseline, current, { now: NOW });
  const argsFinding = result.changes.find((f) => f.rule === "ARG_NO_DELETE")!;
  const fixed = applyFix(current, argsFinding, "messages");
  // The export's returns validator is the union of both versions' results, but a call in the
  // old shape is served by "legacy" and adapted down: judged per version, nothing breaks.
  expect(checkCompat(baseline, fixed, { now: NOW })).toEqual({ ok: true, changes: [] });
});

test("a rename into an existing chain: the old name goes first in that chain", () => {
  const post = versioned([version("2026-10-01", send, id, { exportName: "post" })]);
  const result = checkCompat(
    app({ "messages:send": fn(send, id) }),
    app({ "messages:post": { ...post, versioned: { ...post.versioned!, definition: "post" } } }),
    { now: NOW },
  );
  expect(
    snippet(result.changes[0]!.fix),
  ).toBe(`// convex/messages.ts: first in defineVersioned(…, { name: "post" }), and add send to the exports
  .version("legacy", {
    name: "send", // the deleted export, kept alive
    args: { body: v.string(), author: v.string() },
    returns: v.id("messages"),
    deprecated: { since: "2026-11-20", removeAfter: "2027-02-18" },
  })`);
});
