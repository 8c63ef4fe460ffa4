/** Waiver files: shape errors name the file and field; waived findings stay listed; expiry is honoured. */
import { v } from "convex/values";
import { describe, expect, test } from "vitest";
import { checkCompat, parseWaivers } from "../../src/compat/index.ts";
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
      'w.json: [0] has unknown field "extra" (a waiver has rule, function, reason, expires)',
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
