/** Waiver files: shape errors name the file and field; waived findings stay listed; expiry is honoured. */
import { v } from "convex/values";
import { describe, expect, test } from "vitest";
import { checkCompat, fingerprint, parseWaivers } from "../../src/compat/index.ts";
import { InputError } from "../../src/input-error.ts";
import { app, args, fn, NOW } from "./helpers.ts";

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, none was thrown");
}

const waiver = {
  rule: "ARG_NO_DELETE",
  function: "a:f",
  reason: "no client sends it",
  expires: "2026-12-31",
};

describe("parseWaivers", () => {
  test("accepts an array or { waivers: [...] }", () => {
    expect(parseWaivers([waiver], "waivers.json")).toEqual([waiver]);
    expect(parseWaivers({ waivers: [waiver] }, "waivers.json")).toEqual([waiver]);
  });
  test("names the file and the field", () => {
    const bad = [waiver, waiver, { ...waiver, expires: "31.12.2026" }];
    expect(() => parseWaivers(bad, "waivers.json")).toThrow(
      "waivers.json: [2].expires must be a YYYY-MM-DD date",
    );
    const error = caught(() => parseWaivers({ waivers: [{ ...waiver, reason: "" }] }, "w.json"));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({
      message: "w.json: waivers[0].reason must not be empty (why this change is acceptable)",
      file: "w.json",
      field: "waivers[0].reason",
    });
    expect(() => parseWaivers({ list: [] }, "w.json")).toThrow(
      'w.json: expected an array of waivers or { "waivers": [...] }',
    );
    expect(() => parseWaivers([{ ...waiver, extra: 1 }], "w.json")).toThrow(
      'w.json: [0] has unknown field "extra" (a waiver has rule, function, fingerprint, reason, expires)',
    );
  });
});

describe("applying waivers", () => {
  const baseline = app({ "a:f": fn(args({ x: v.string() })) });
  const current = app({ "a:f": fn(args({})) });
  test("a waived breaking change stays listed and does not fail the check", () => {
    const result = checkCompat(baseline, current, { now: NOW, waivers: [waiver] });
    expect(result.ok).toBe(true);
    expect(result.changes).toMatchObject([
      { rule: "ARG_NO_DELETE", waived: { reason: "no client sends it", expires: "2026-12-31" } },
    ]);
  });
  test("an expired waiver waives nothing and says so", () => {
    const result = checkCompat(baseline, current, {
      now: NOW,
      waivers: [{ ...waiver, expires: "2026-11-19" }],
    });
    expect(result.ok).toBe(false);
    expect(result.changes.map((f) => [f.rule, f.level, !!f.waived])).toEqual([
      ["WAIVER_EXPIRED", "info", false],
      ["ARG_NO_DELETE", "breaking", false],
    ]);
    // The expiry day itself still counts.
    expect(
      checkCompat(baseline, current, { now: NOW, waivers: [{ ...waiver, expires: NOW }] }).ok,
    ).toBe(true);
  });
  test("a waiver matching nothing is reported", () => {
    const result = checkCompat(baseline, baseline, { now: NOW, waivers: [waiver] });
    expect(result.changes.map((f) => f.rule)).toEqual(["WAIVER_UNUSED"]);
  });
});

describe("waivers name rules that exist, or a finding's fingerprint", () => {
  test("an unknown rule ID is an input error naming the file, field and the closest rule", () => {
    const error = caught(() =>
      parseWaivers({ waivers: [waiver, { ...waiver, rule: "ARG_NO_DELET" }] }, "w.json"),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({
      message: expect.stringContaining(
        'w.json: waivers[1].rule: unknown rule ID "ARG_NO_DELET". Did you mean "ARG_NO_DELETE"?',
      ),
      file: "w.json",
      field: "waivers[1].rule",
    });
    expect(() => parseWaivers([{ ...waiver, rule: "returns_type_same" }], "w.json")).toThrow(
      'Did you mean "RETURNS_TYPE_SAME"?',
    );
  });
  test("a waiver needs rule and function, or a fingerprint", () => {
    const { function: _f, ...noFunction } = waiver;
    expect(() => parseWaivers([noFunction], "w.json")).toThrow(
      "w.json: [0].function is missing (a waiver names rule and function, or a fingerprint)",
    );
    expect(() =>
      parseWaivers([{ fingerprint: "abc", reason: "r", expires: "2026-12-31" }], "w.json"),
    ).toThrow("w.json: [0].fingerprint must be a finding's fingerprint");
  });
  test("a fingerprint waives exactly its finding, and is stable across runs", () => {
    const before = app({ "a:f": fn(args({ x: v.string(), y: v.string() })) });
    const after = app({ "a:f": fn(args({})) });
    const first = checkCompat(before, after, { now: NOW });
    const fingerprints = first.changes.map((f) => f.fingerprint);
    expect(fingerprints.every((p) => /^cv1-[0-9a-f]{16}$/.test(p!))).toBe(true);
    expect(new Set(fingerprints).size).toBe(2);
    expect(checkCompat(before, after, { now: NOW }).changes.map((f) => f.fingerprint)).toEqual(
      fingerprints,
    );
    const x = first.changes.find((f) => f.path === "args.x")!;
    const [parsed] = parseWaivers(
      [{ fingerprint: x.fingerprint, reason: "x is dead", expires: "2026-12-31" }],
      "w.json",
    );
    const result = checkCompat(before, after, { now: NOW, waivers: [parsed!] });
    expect(result.ok).toBe(false);
    expect(result.changes.map((f) => [f.path, !!f.waived])).toEqual([
      ["args.x", true],
      ["args.y", false],
    ]);
  });
});

test("a fingerprint depends on rule, function, path and version only (pinned: waivers keep matching)", () => {
  const f = { rule: "ARG_NO_DELETE", function: "messages:send", path: "args.body" };
  expect(fingerprint(f)).toBe(fingerprint({ ...f }));
  expect(fingerprint({ ...f, version: "2026-01-01" })).not.toBe(fingerprint(f));
  expect(fingerprint({ ...f, path: "args.author" })).not.toBe(fingerprint(f));
  // Turning internal re-labels the finding but keeps its identity.
  expect(
    fingerprint({ ...f, rule: "INTERNAL_FUNCTION_CHANGED", originalRule: "ARG_NO_DELETE" }),
  ).toBe(fingerprint(f));
  expect(fingerprint(f)).toBe("cv1-f4ed99f007f4212e");
});
