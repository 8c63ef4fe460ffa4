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
import { checkCompat, type Finding, RULES, renderCheck } from "../../src/compat/index.ts";
import { storedShapeSnippet } from "../../src/compat/rules/snippets.ts";
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
  // `export default query({…})` is how some apps write every function (seen on a public app, whose
  // every fix read `export const { default } = …`, a syntax error).
  test("default exports: changed args, a changed result and a deletion all paste as valid code", () => {
    const list = args({ agent: v.string() });
    const baseline = app({
      "memory/list:default": fn(list, args({ text: v.string() }), { kind: "query" }),
      "memory/gone:default": fn(list, id),
    });
    const current = app({
      "memory/list:default": fn(
        args({ agent: v.string(), scope: v.string() }),
        args({ text: v.optional(v.string()) }),
        { kind: "query" },
      ),
    });
    const result = checkCompat(baseline, current, { now: NOW });
    expect(result.changes.map((f) => [f.function, f.rule])).toEqual([
      ["memory/gone:default", "FUNCTION_NO_DELETE"],
      ["memory/list:default", "ARG_NO_ADD_REQUIRED"],
      ["memory/list:default", "RETURNS_NO_LOOSEN"],
    ]);
    for (const f of result.changes) {
      expect(snippet(f.fix)).not.toContain("const { default }");
      // Each pastes and runs (esbuild alone lets `export const { default }` through).
      expect(Object.keys(paste(snippet(f.fix), "memory/x")), f.rule).toContain("memory/x:default");
    }
    const restored = applyFix(current, result.changes[0]!, "memory/gone");
    expect(Object.keys(restored.functions)).toContain("memory/gone:default");
    const fixed = applyFix(restored, result.changes[1]!, "memory/list");
    expect(snippet(result.changes[1]!.fix)).toContain("export default versioned;");
    const again = checkCompat(baseline, fixed, { now: NOW });
    expect(again.changes.filter((f) => f.level === "breaking")).toEqual([]);
  });

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

  test("a removed and an added field of the same type read as a rename; ambiguous ones do not", () => {
    const timer = args({ body: v.string(), secondsLeft: v.number() });
    const renamed = checkCompat(
      app({ "messages:tick": fn(timer) }),
      app({ "messages:tick": fn(args({ body: v.string(), remaining: v.number() })) }),
      { now: NOW },
    );
    expect(
      snippet(renamed.changes[0]!.fix),
    ).toContain(`    up: async ({ secondsLeft, ...prev }, ctx) => ({
      ...prev,
      remaining: secondsLeft, // TODO: \`secondsLeft\` renamed? (both number) Check it
    }),`);
    // Pasted, it serves old calls: the rename is carried.
    const fixed = applyFix(
      app({ "messages:tick": fn(args({ body: v.string(), remaining: v.number() })) }),
      renamed.changes[0]!,
      "messages",
    );
    expect(checkCompat(app({ "messages:tick": fn(timer) }), fixed, { now: NOW }).ok).toBe(true);
    // Two numbers each way: which became which is a guess, so none is made.
    const two = checkCompat(
      app({ "messages:tick": fn(args({ a: v.number(), b: v.number() })) }),
      app({ "messages:tick": fn(args({ c: v.number(), d: v.number() })) }),
      { now: NOW },
    );
    expect(snippet(two.changes[0]!.fix)).not.toContain("renamed?");
    // A removed optional field may be absent: not a value for a required one.
    const optional = checkCompat(
      app({ "messages:tick": fn(args({ a: v.optional(v.number()) })) }),
      app({ "messages:tick": fn(args({ c: v.number() })) }),
      { now: NOW },
    );
    expect(snippet(optional.changes[0]!.fix)).toContain(
      "c: 0, // TODO: check this default for the new `c` (number)",
    );
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

describe("fixes that tell the truth (moves with new args, rename hints, versioned exports)", () => {
  test("a move that also changed the args: the new module serves the old args, the old one re-exports it", () => {
    const baseline = app({ "a:send": fn(args({ body: v.string() }), id) });
    const current = app({ "b/c:send": fn(args({ text: v.string() }), id) });
    const result = checkCompat(baseline, current, { now: NOW });
    expect(result.changes.map((f) => f.rule)).toEqual(["FUNCTION_NO_MOVE"]);
    const f = result.changes[0]!;
    expect(f.message).toContain("and its args changed");
    expect(f.fix).toContain("A plain re-export would still reject old calls");
    expect(f.fix).toContain(
      '// convex/a.ts: the old path is "a:send", so export it from there too',
    );
    expect(f.fix).toContain('export { send } from "./b/c";');
    // Paste: the chain in b/c, and the re-export serves the same function at a:send.
    const fixed = applyFix(current, f, "b/c");
    fixed.functions["a:send"] = fixed.functions["b/c:send"]!;
    expect(checkCompat(baseline, fixed, { now: NOW })).toMatchObject({ ok: true, changes: [] });
  });

  test("a move with the same args keeps the plain re-export", () => {
    const result = checkCompat(app({ "a:send": fn(send) }), app({ "b:send": fn(send) }), {
      now: NOW,
    });
    expect(snippet(result.changes[0]!.fix)).toBe('// convex/a.ts\nexport { send } from "./b";');
  });

  test("no rename hint when 'accepts the old args' is vacuous (no args validators)", () => {
    const any = j(v.any());
    const vacuous = checkCompat(
      app({ "a:list": fn(any, null, { kind: "query" }) }),
      app({ "a:feed": fn(any, null, { kind: "query" }) }),
      { now: NOW },
    );
    expect(vacuous.changes[0]!.message).toBe(
      'Function "a:list" was removed; old clients still call it.',
    );
    // A new function without args validator accepts anything: no hint for a removed one with args.
    const anyAfter = checkCompat(
      app({ "a:list": fn(send, null, { kind: "query" }) }),
      app({ "a:feed": fn(any, null, { kind: "query" }) }),
      { now: NOW },
    );
    expect(anyAfter.changes[0]!.message).not.toContain("looks like a rename");
    // The same declared result on both sides (and a single candidate) still says something.
    const typed = checkCompat(
      app({ "a:list": fn(any, j(v.array(v.string())), { kind: "query" }) }),
      app({ "a:feed": fn(any, j(v.array(v.string())), { kind: "query" }) }),
      { now: NOW },
    );
    expect(typed.changes[0]!.message).toContain('looks like a rename of "a:list" → "a:feed"');
  });

  test("a versioned export edited in place: the fix names its labels and fields and pastes", () => {
    const old = args({ id: v.id("posts") });
    const edited = args({ id: v.id("posts"), pinned: v.boolean() });
    const chain = (a: typeof old) => ({
      ...versioned([version("2026-01-01", a, null, { exportName: "pin" })]),
      versioned: {
        ...versioned([version("2026-01-01", a, null, { exportName: "pin" })]).versioned!,
        definition: "pin",
      },
    });
    const baseline = app({ "posts:pin": chain(old) });
    const current = app({ "posts:pin": chain(edited) });
    const result = checkCompat(baseline, current, { now: NOW });
    expect(result.changes.map((f) => f.rule)).toEqual(["ARG_NO_ADD_REQUIRED"]);
    const fix = result.changes[0]!.fix!;
    expect(fix).toContain('keep version "2026-01-01" of "posts:pin" as the baseline has it');
    expect(snippet(fix)).toBe(`// convex/posts.ts, in defineVersioned(…, { name: "pin" })
  .version("2026-01-01", {
    args: { id: v.id("posts") }, // as in the baseline
  })
  .version("${NOW}", {
    args: { id: v.id("posts"), pinned: v.boolean() },
    up: async (prev, ctx) => ({
      ...prev,
      pinned: false, // TODO: check this default for the new \`pinned\` (boolean)
    }),
  })`);
    // None of the generic template's names leak in.
    for (const name of ["getPost", "oldName", "channelId", "defaultChannel"])
      expect(fix).not.toContain(name);
    const code = `export const { pin } = defineVersioned(mutation, { name: "pin" })\n${snippet(fix).split("\n").slice(1).join("\n")}\n  .handler(async () => null);`;
    const fixed = { functions: paste(code, "posts") };
    expect(checkCompat(baseline, fixed, { now: NOW }).ok).toBe(true);
  });

  test("a versioned export whose result changed: the old label keeps it, a new name gets the new one", () => {
    const a = args({ id: v.id("posts") });
    const spec = (returns: ReturnType<typeof j>) => {
      const s = versioned([version("2026-01-01", a, returns, { exportName: "get" })]);
      return { ...s, kind: "query" as const, versioned: { ...s.versioned!, definition: "get" } };
    };
    const before = j(v.object({ title: v.string(), body: v.string() }));
    const after = j(v.object({ title: v.string() }));
    const result = checkCompat(
      app({ "posts:get": spec(before) }),
      app({ "posts:get": spec(after) }),
      {
        now: NOW,
      },
    );
    const fix = result.changes[0]!.fix!;
    expect(fix).toContain(
      'version "2026-01-01" of "posts:get" returning { title: string; body: string }',
    );
    expect(snippet(fix)).toContain('    name: "getV2", // new clients call this');
    expect(fix).not.toContain("getPost");
    const code = `export const { get, getV2 } = defineVersioned(query, { name: "get" })\n${snippet(
      fix,
    )
      .split("\n")
      .slice(1)
      .join("\n")
      .replace(
        "result as never",
        '({ ...result, body: "" })',
      )}\n  .handler(async () => ({ title: "t" }));`;
    const fixed = { functions: paste(code, "posts") };
    expect(Object.keys(fixed.functions).sort()).toEqual(["posts:get", "posts:getV2"]);
    expect(checkCompat(app({ "posts:get": spec(before) }), fixed, { now: NOW }).ok).toBe(true);
  });

  test("in Markdown every fix's code block is a fenced block at column 0 after a blank line", () => {
    const scenarios = [
      checkCompat(
        app({ "a:send": fn(send, id) }),
        app({ "b/c:send": fn(args({ text: v.string() }), id) }),
        { now: NOW },
      ),
      checkCompat(app({ "messages:send": fn(send, id) }), app({}), { now: NOW }),
      checkCompat(
        app({ "jobs:run": fn(send, null, { visibility: "internal" }) }),
        app({ "jobs:run": fn(args({}), null, { visibility: "internal" }) }),
        { now: NOW },
      ),
    ];
    for (const result of scenarios) {
      const lines = renderCheck(result, "markdown", { color: false }).split("\n");
      const fences = lines.flatMap((line, i) => (line.trimStart().startsWith("```") ? [i] : []));
      expect(fences.length).toBeGreaterThan(0);
      expect(fences.length % 2).toBe(0);
      for (const [k, i] of fences.entries()) {
        expect(lines[i]!.startsWith("```"), lines[i]).toBe(true);
        if (k % 2 === 0) expect(lines[i - 1]).toBe("");
      }
    }
  });
});

test("a version deleted before its sunset: the fix puts that version back, with its label, args and dates", () => {
  const v1 = version("2026-06-01", send, id, {
    deprecated: { since: "2026-10-01", removeAfter: "2026-12-01" },
  });
  const v2 = version("2026-10-01", args({ text: v.string(), author: v.string() }), id);
  const result = checkCompat(
    app({ "m:send": versioned([v1, v2]) }),
    app({ "m:send": versioned([v2]) }),
    {
      now: NOW,
    },
  );
  expect(result.changes.map((f) => f.rule)).toEqual(["REMOVED_BEFORE_SUNSET"]);
  const fix = result.changes[0]!.fix!;
  expect(snippet(fix)).toBe(`// convex/m.ts, in defineVersioned(…, { name: "send" })
  .version("2026-06-01", {
    args: { body: v.string(), author: v.string() },
    returns: v.id("messages"),
    deprecated: { since: "2026-10-01", removeAfter: "2026-12-01" },
  })`);
  expect(fix).toContain('`.version("2026-06-01", { removed: { since: "2026-11-20" } })`');
  expect(fix).not.toContain("oldName");
});

test("every rule's fix keeps code in fenced blocks (indented code is not code in Markdown)", () => {
  for (const rule of RULES) {
    let fenced = false;
    for (const line of rule.fix.split("\n")) {
      if (line.startsWith("```")) fenced = !fenced;
      else if (!fenced) expect(line, rule.id).not.toMatch(/^\s+\S/);
    }
    expect(fenced, rule.id).toBe(false);
  }
});

test("a plain function turned into a chain that rejects its old calls: the old args go first in that chain", () => {
  const baseline = app({ "messages:send": fn(send, id) });
  const chain = versioned([
    version("2026-10-01", args({ text: v.string(), author: v.string() }), id),
  ]);
  const result = checkCompat(baseline, app({ "messages:send": chain }), { now: NOW });
  expect(result.changes.map((f) => f.rule)).toEqual(["ARG_NO_DELETE", "ARG_NO_ADD_REQUIRED"]);
  const fix = result.changes[0]!.fix!;
  expect(fix).toContain('`up` on "2026-10-01" adapts them');
  const block = snippet(fix);
  expect(block).toContain("args: { body: v.string(), author: v.string() }, // the baseline's args");
  const code = `export const { send } = defineVersioned(mutation, { name: "send" })\n${block
    .split("\n")
    .slice(1, -1)
    .join("\n")}
  .version("2026-10-01", {
    args: { text: v.string(), author: v.string() },
    up: ({ body, ...prev }) => ({ ...prev, text: body }),
    returns: v.id("messages"),
  })
  .handler(async () => "id");`;
  expect(checkCompat(baseline, { functions: paste(code, "messages") }, { now: NOW }).ok).toBe(true);
});

test("a public function made internal: the fix names it and dates its tombstone", () => {
  const result = checkCompat(
    app({ "admin/users:purge": fn(send) }),
    app({ "admin/users:purge": fn(send, null, { visibility: "internal" }) }),
    { now: NOW },
  );
  expect(result.changes.map((f) => f.rule)).toEqual(["FUNCTION_NO_INTERNALIZE"]);
  const fix = result.changes[0]!.fix!;
  expect(fix).toContain('Keep a public function named "purge" in `convex/admin/users.ts`');
  expect(fix).toContain(
    '`.version("legacy", { name: "purge", removed: { since: "2026-11-20" } })`',
  );
  expect(fix).not.toContain("oldName");
});

describe("pending work's fix when the stored shape is unknown", () => {
  test("the chain named for the function defines once pasted and still serves its current args", () => {
    const current: FunctionSpec = {
      ...fn(args({ to: v.string(), subject: v.string() }), null),
      kind: "mutation",
      visibility: "internal",
    };
    const code = snippet(
      storedShapeSnippet("jobs:sendEmail", current, NOW, { path: "args.subject", got: "missing" }),
    );
    expect(code).toContain("(the check found args.subject: missing)");
    const pasted = paste(code, "jobs");
    expect(Object.keys(pasted)).toEqual(["jobs:sendEmail"]);
    const accepted = pasted["jobs:sendEmail"]!.versioned!.versions.map((ver) => ver.args);
    expect(accepted).toContainEqual(current.args);
  });
});
