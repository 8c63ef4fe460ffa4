/** The four check formats and the rule listing, on one small result. */
import { v } from "convex/values";
import { expect, test } from "vitest";
import { checkCompat, RULES, renderCheck, renderRules } from "../../src/compat/index.ts";
import { app, args, fn, j, NOW } from "./helpers.ts";

const result = checkCompat(
  app({
    "messages:send": fn(
      args({ body: v.string(), author: v.string() }),
      j(v.union(v.literal("a"), v.literal("b"))),
    ),
    "messages:list": fn(args({}), args({ id: v.string() })),
  }),
  app({
    "messages:send": fn(
      args({ author: v.string() }),
      j(v.union(v.literal("a"), v.literal("b"), v.literal("c"))),
    ),
    "messages:list": fn(args({}), args({ id: v.string(), at: v.number() })),
  }),
  { now: NOW },
);

test("json: the pinned shape, 2-space indented", () => {
  const out = renderCheck(result, "json", { color: false });
  const parsed = JSON.parse(out);
  expect(parsed.ok).toBe(false);
  expect(
    parsed.changes.map((c: Record<string, unknown>) => [c.rule, c.level, c.function, c.path]),
  ).toEqual([
    ["RETURNS_FIELD_ADDED", "info", "messages:list", "returns.at"],
    ["ARG_NO_DELETE", "breaking", "messages:send", "args.body"],
    ["RETURNS_UNION_MEMBER_ADDED", "dangerous", "messages:send", "returns"],
  ]);
  expect(Object.keys(parsed.changes[1]).slice(0, 5)).toEqual([
    "rule",
    "level",
    "function",
    "path",
    "message",
  ]);
  expect(parsed.changes[1].witness).toEqual({ author: "x", body: "x" });
  expect(out).toContain('\n  "changes": [\n    {\n      "rule"');
});

test("text: grouped by function, no colour codes unless asked", () => {
  const plain = renderCheck(result, "text", { color: false });
  expect(plain).not.toContain("\u001b[");
  expect(plain.indexOf("messages:list")).toBeLessThan(plain.indexOf("messages:send"));
  expect(plain).toContain("✖ breaking  ARG_NO_DELETE args.body");
  expect(plain).toContain("Breaking changes found. 1 breaking, 1 dangerous, 1 info.");
  expect(plain).not.toContain("```");
  expect(renderCheck(result, "text", { color: true })).toContain("\u001b[");
});

test("markdown: summary, one table per level, fixes folded", () => {
  const md = renderCheck(result, "markdown", { color: false });
  expect(md.split("\n")[0]).toBe("### ❌ convex-versioned check: 1 breaking, 1 dangerous, 1 info");
  expect(md).toContain("#### Breaking (1)");
  expect(md).toContain("#### Dangerous (1)");
  expect(md).toContain("#### Info (1)");
  expect(md).toContain("| `messages:send` | `ARG_NO_DELETE` | `args.body` |");
  expect(md).toContain("<details><summary>How to fix</summary>");
  expect(md).toContain("```ts");
});

test("github: one annotation per finding, escaped", () => {
  const lines = renderCheck(result, "github", { color: false }).trim().split("\n");
  expect(lines[0]).toMatch(/^::notice title=RETURNS_FIELD_ADDED::Returned field "at"/);
  expect(lines[2]).toMatch(/^::warning title=RETURNS_UNION_MEMBER_ADDED::/);
  expect(lines[1]).toBe(
    '::error title=ARG_NO_DELETE::Argument "body" was removed from "messages:send"; old clients still send it and Convex rejects unknown fields. [args.body]',
  );
  const escaped = renderCheck(
    { ok: true, changes: [{ rule: "X_Y", level: "info", function: "f", message: "100%\nsure" }] },
    "github",
    { color: false },
  );
  expect(escaped.split("\n")[0]).toBe("::notice title=X_Y::100%25%0Asure");
});

test("an empty result says so in every format", () => {
  const empty = { ok: true, changes: [] };
  expect(renderCheck(empty, "text", { color: false })).toBe(
    "No changes an old client would notice.\n",
  );
  expect(JSON.parse(renderCheck(empty, "json", { color: false }))).toEqual({
    ok: true,
    changes: [],
  });
  expect(renderCheck(empty, "markdown", { color: false })).toContain("✅");
});

test("renderRules lists every rule in text and JSON", () => {
  const text = renderRules("text");
  for (const r of RULES) expect(text).toContain(`${r.id} (${r.level})`);
  expect(JSON.parse(renderRules("json")).map((r: { id: string }) => r.id)).toEqual(
    RULES.map((r) => r.id),
  );
});

test("one change's findings show its code once per function, in text and markdown", () => {
  const changed = checkCompat(
    app({ "messages:send": fn(args({ body: v.string() })) }),
    app({ "messages:send": fn(args({ text: v.string() })) }),
    { now: NOW },
  );
  expect(changed.changes.map((f) => f.rule)).toEqual(["ARG_NO_DELETE", "ARG_NO_ADD_REQUIRED"]);
  for (const format of ["text", "markdown"] as const) {
    const out = renderCheck(changed, format, { color: false });
    expect(out.match(/defineVersioned\(mutation/g), format).toHaveLength(1);
    expect(out, format).toContain("(the code shown for ARG_NO_DELETE (args.body) above)");
  }
});
