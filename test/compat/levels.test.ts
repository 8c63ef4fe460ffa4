/**
 * Per-rule levels: a team may set any rule to breaking, dangerous, info or off. `ok` is judged
 * after the levels; re-levelled findings say their rule's default; unknown IDs and levels are
 * input errors naming where they were written.
 */
import { v } from "convex/values";
import { describe, expect, test } from "vitest";
import {
  checkCompat,
  parseRuleConfig,
  parseRuleFlags,
  renderCheck,
  renderRules,
} from "../../src/compat/index.ts";
import { InputError } from "../../src/input-error.ts";
import { app, args, fn, j, NOW } from "./helpers.ts";

const status = (...s: string[]) => j(v.union(...s.map((x) => v.literal(x))));
const baseline = app({
  "posts:state": fn(args({}), status("draft", "live")),
  "jobs:run": fn(args({ id: v.string() }), null, { visibility: "internal" }),
});
const current = app({
  "posts:state": fn(args({}), status("draft", "live", "archived")),
  "jobs:run": fn(args({}), null, { visibility: "internal" }),
});

describe("levels applied by checkCompat", () => {
  test("defaults: a new enum value is dangerous, an internal change dangerous; ok", () => {
    const result = checkCompat(baseline, current, { now: NOW });
    expect(result.ok).toBe(true);
    expect(result.changes.map((f) => [f.rule, f.level])).toEqual([
      ["INTERNAL_FUNCTION_CHANGED", "dangerous"],
      ["RETURNS_UNION_MEMBER_ADDED", "dangerous"],
    ]);
    expect(result.levels).toBeUndefined();
  });
  test("a team with exhaustive switches makes new variants breaking; ok turns false", () => {
    const result = checkCompat(baseline, current, {
      now: NOW,
      levels: { RETURNS_UNION_MEMBER_ADDED: "breaking" },
    });
    expect(result.ok).toBe(false);
    expect(result.levels).toEqual({ RETURNS_UNION_MEMBER_ADDED: "breaking" });
    const union = result.changes.find((f) => f.rule === "RETURNS_UNION_MEMBER_ADDED")!;
    expect(union).toMatchObject({ level: "breaking", defaultLevel: "dangerous" });
    const json = JSON.parse(renderCheck(result, "json", { color: false }));
    expect(json.ok).toBe(false);
    expect(json.levels).toEqual({ RETURNS_UNION_MEMBER_ADDED: "breaking" });
    expect(json.changes[1]).toMatchObject({
      rule: "RETURNS_UNION_MEMBER_ADDED",
      level: "breaking",
      defaultLevel: "dangerous",
      fingerprint: expect.stringMatching(/^cv1-/),
    });
    const text = renderCheck(result, "text", { color: false });
    expect(text).toContain(
      "RETURNS_UNION_MEMBER_ADDED returns (level set; rule default dangerous)",
    );
    expect(text).toContain("Rule levels set: RETURNS_UNION_MEMBER_ADDED=breaking.");
    expect(renderCheck(result, "markdown", { color: false })).toContain(
      "Rule levels set: `RETURNS_UNION_MEMBER_ADDED=breaking`",
    );
  });
  test("off drops a rule's findings; internal changes can be made breaking or off", () => {
    const off = checkCompat(baseline, current, {
      now: NOW,
      levels: { RETURNS_UNION_MEMBER_ADDED: "off", INTERNAL_FUNCTION_CHANGED: "breaking" },
    });
    expect(off.ok).toBe(false);
    expect(off.changes.map((f) => [f.rule, f.level, f.originalRule])).toEqual([
      ["INTERNAL_FUNCTION_CHANGED", "breaking", "ARG_NO_DELETE"],
    ]);
    expect(off.changes[0]!.message).toContain("reported as breaking (ARG_NO_DELETE)");
    // The original rule's level applies first: ARG_NO_DELETE=off drops it on internal functions too.
    const none = checkCompat(baseline, current, {
      now: NOW,
      levels: { ARG_NO_DELETE: "off", RETURNS_UNION_MEMBER_ADDED: "info" },
    });
    expect(none.changes.map((f) => [f.rule, f.level])).toEqual([
      ["RETURNS_UNION_MEMBER_ADDED", "info"],
    ]);
  });
  test("a level equal to the default is not reported as set", () => {
    const result = checkCompat(baseline, current, {
      now: NOW,
      levels: { RETURNS_UNION_MEMBER_ADDED: "dangerous" },
    });
    expect(result.levels).toBeUndefined();
    expect(result.changes.every((f) => f.defaultLevel === undefined)).toBe(true);
  });
  test("an unknown rule ID in levels is an input error", () => {
    expect(() =>
      checkCompat(baseline, current, { now: NOW, levels: { RETURNS_UNION_MEMBER: "off" } }),
    ).toThrow(InputError);
  });
});

describe("parsing the config file and --rule", () => {
  test("the config file: rules map, strict keys, errors name the file and field", () => {
    const file = "convex-versioned.config.json";
    expect(parseRuleConfig({ rules: { INTERNAL_FUNCTION_CHANGED: "off" } }, file)).toEqual({
      INTERNAL_FUNCTION_CHANGED: "off",
    });
    expect(parseRuleConfig({}, file)).toEqual({});
    expect(() => parseRuleConfig({ rule: {} }, file)).toThrow(
      'convex-versioned.config.json: unknown field "rule" (the config has "rules").',
    );
    expect(() => parseRuleConfig({ rules: { ARG_NO_DELETE: "error" } }, file)).toThrow(
      'convex-versioned.config.json: rules.ARG_NO_DELETE must be one of "breaking", "dangerous", "info", "off" (got "error").',
    );
    let error: unknown;
    try {
      parseRuleConfig({ rules: { ARG_NO_DELET: "off" } }, file);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      message: expect.stringContaining(
        'convex-versioned.config.json: rules.ARG_NO_DELET: unknown rule ID "ARG_NO_DELET". Did you mean "ARG_NO_DELETE"?',
      ),
      file,
      field: "rules.ARG_NO_DELET",
    });
    expect(() => parseRuleConfig([], file)).toThrow("expected an object");
  });
  test("--rule ID=level, repeatable, later wins", () => {
    expect(
      parseRuleFlags(["ARG_NO_DELETE=info", "WAIVER_UNUSED=breaking", "ARG_NO_DELETE=off"]),
    ).toEqual({ ARG_NO_DELETE: "off", WAIVER_UNUSED: "breaking" });
    expect(() => parseRuleFlags(["ARG_NO_DELETE"])).toThrow("expected RULE_ID=level");
    expect(() => parseRuleFlags(["ARG_NO_DELETE=loud"])).toThrow('must be one of "breaking"');
    expect(() => parseRuleFlags(["FUNCTION_NO_DELET=off"])).toThrow(
      'Did you mean "FUNCTION_NO_DELETE"?',
    );
  });
});

test("ls-rules shows the configured level and the default", () => {
  const levels = { RETURNS_UNION_MEMBER_ADDED: "breaking" } as const;
  expect(renderRules("text", levels)).toContain(
    "RETURNS_UNION_MEMBER_ADDED (breaking; set, rule default dangerous)",
  );
  const json = JSON.parse(renderRules("json", levels));
  expect(json.find((r: { id: string }) => r.id === "RETURNS_UNION_MEMBER_ADDED")).toMatchObject({
    level: "breaking",
    defaultLevel: "dangerous",
  });
  expect(json.find((r: { id: string }) => r.id === "ARG_NO_DELETE")).toMatchObject({
    level: "breaking",
    defaultLevel: "breaking",
  });
});
