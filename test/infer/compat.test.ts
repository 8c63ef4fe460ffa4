/**
 * End to end with compat: the fixture apps' inferred contracts, put into two AppSpecs as
 * `returnsInferred` (with `returns: null`, as the loader reports functions without a validator),
 * judged by `checkCompat`. Breaking cases must fail the check with the expected rule; the union
 * case is dangerous (DESIGN: a new union member); controls pass (an added field is info).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkCompat } from "../../src/compat/index.ts";
import { inferReturnContracts } from "../../src/contracts/infer/index.ts";
import type { AppSpec } from "../../src/model.ts";

/** A cold program (libs parsed, convex types checked) takes seconds on a busy 2-core runner. */
const TIMEOUT = 60_000;

const FIXTURES = fileURLToPath(new URL("../fixtures/infer/", import.meta.url));

async function appSpec(name: string, side: "before" | "after"): Promise<AppSpec> {
  const { contracts } = await inferReturnContracts({
    convexDir: join(FIXTURES, name, side, "convex"),
  });
  const functions: AppSpec["functions"] = {};
  for (const [id, returnsInferred] of Object.entries(contracts)) {
    // Args are identical on both sides of every fixture: only the result is under test.
    functions[id] = {
      kind: "query",
      visibility: "public",
      args: { type: "any" },
      returns: null,
      returnsInferred,
    };
  }
  return { functions };
}

async function judge(name: string) {
  const result = checkCompat(await appSpec(name, "before"), await appSpec(name, "after"), {
    now: "2026-07-01",
  });
  return {
    ok: result.ok,
    rules: result.changes
      .map((c) => `${c.level} ${c.rule} ${c.function} ${c.path ?? ""}`.trim())
      .sort(),
    allInferred: result.changes.every((c) => c.inferred === true),
  };
}

/** [case, ok, findings as "level RULE function path"]. */
const CASES: [string, boolean, string[]][] = [
  [
    "field-renamed",
    false,
    [
      "breaking RETURNS_FIELD_NO_DELETE users:profile returns.name",
      "info RETURNS_FIELD_ADDED users:profile returns.displayName",
    ],
  ],
  ["field-removed", false, ["breaking RETURNS_FIELD_NO_DELETE users:profile returns.hasEmail"]],
  ["field-optional", false, ["breaking RETURNS_NO_LOOSEN users:contact returns.reach"]],
  ["field-nullable", false, ["breaking RETURNS_NO_LOOSEN users:contact returns.reach"]],
  ["scalar-to-object", false, ["breaking RETURNS_TYPE_SAME posts:post returns.author"]],
  ["array-element-changed", false, ["breaking RETURNS_TYPE_SAME posts:words returns[]"]],
  ["union-member-added", true, ["dangerous RETURNS_UNION_MEMBER_ADDED posts:state returns"]],
  ["doc-field-removed", false, ["breaking RETURNS_FIELD_NO_DELETE posts:recent returns[].body"]],
  ["control-field-added", true, ["info RETURNS_FIELD_ADDED users:profile returns.joined"]],
  ["control-local-refactor", true, []],
  ["control-helper-moved", true, []],
];

describe("checkCompat on inferred return contracts", { timeout: TIMEOUT }, () => {
  for (const [name, ok, rules] of CASES) {
    it(`${name}: ${ok ? "passes" : "fails"}${rules.length ? ` with ${rules.map((r) => r.split(" ")[1]).join(", ")}` : ", no findings"}`, async () => {
      const result = await judge(name);
      expect(result.rules).toEqual(rules);
      expect(result.ok).toBe(ok);
      // Findings say they were judged on types, not on a declared validator.
      expect(result.allInferred).toBe(true);
    });
  }
});
