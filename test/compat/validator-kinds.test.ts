/**
 * Validator kinds newer than the rest: `v.commitTs()` (convex 1.43), `v.function()` (convex 1.49)
 * and any kind this release does not know. None may crash `check`; known ones are judged by what
 * they accept, unknown ones by equality (a change is dangerous VALIDATOR_KIND_UNKNOWN).
 */
import { v } from "convex/values";
import { describe, expect, test } from "vitest";
import { checkCompat, renderCheck } from "../../src/compat/index.ts";
import type { ValidatorJSON } from "../../src/meta.ts";
import type { AppSpec } from "../../src/model.ts";
import { app, args, fn, j, NOW, version, versioned } from "./helpers.ts";

const commitTs: ValidatorJSON = { type: "commitTs" };
const int64 = j(v.int64());
const handle = (more: Partial<Extract<ValidatorJSON, { type: "function" }>> = {}) =>
  ({ type: "function", ...more }) as ValidatorJSON;
const uuid = { type: "uuid", version: 4 } as unknown as ValidatorJSON;
const obj = (field: ValidatorJSON): ValidatorJSON => ({
  type: "object",
  value: { at: { fieldType: field, optional: false } },
});

const rows = (baseline: AppSpec, current: AppSpec) =>
  checkCompat(baseline, current, { now: NOW }).changes.map((f) => [f.path ?? "", f.rule, f.level]);
const argsChange = (a: ValidatorJSON, b: ValidatorJSON) =>
  rows(app({ "e:f": fn(obj(a)) }), app({ "e:f": fn(obj(b)) }));
const returnsChange = (a: ValidatorJSON, b: ValidatorJSON) =>
  rows(app({ "e:f": fn(args({}), obj(a)) }), app({ "e:f": fn(args({}), obj(b)) }));

describe("commitTs accepts exactly the int64 values a client sends or reads", () => {
  test("int64 ↔ commitTs is no change, either way, args or returns", () => {
    expect(argsChange(int64, commitTs)).toEqual([]);
    expect(argsChange(commitTs, int64)).toEqual([]);
    expect(returnsChange(int64, commitTs)).toEqual([]);
    expect(returnsChange(commitTs, int64)).toEqual([]);
  });
  test("commitTs → number or string is a type change", () => {
    expect(argsChange(commitTs, j(v.number()))).toEqual([
      ["args.at", "ARG_TYPE_NO_NARROW", "breaking"],
    ]);
    expect(returnsChange(commitTs, j(v.string()))).toEqual([
      ["returns.at", "RETURNS_TYPE_SAME", "breaking"],
    ]);
  });
});

describe("v.function(): a function handle string; its signature is typing only", () => {
  test("string → handle narrows args; handle → string widens them", () => {
    expect(argsChange(j(v.string()), handle())).toEqual([
      ["args.at", "ARG_TYPE_NO_NARROW", "breaking"],
    ]);
    expect(argsChange(handle(), j(v.string()))).toEqual([]);
    expect(returnsChange(handle(), j(v.string()))).toEqual([
      ["returns.at", "RETURNS_TYPE_SAME", "breaking"],
    ]);
    expect(returnsChange(j(v.string()), handle())).toEqual([]);
  });
  test("a changed signature is dangerous, an equal one is nothing", () => {
    const before = handle({ fnType: "mutation", args: args({ jobId: v.string() }) });
    const after = handle({ fnType: "mutation", args: args({ jobId: v.number() }) });
    expect(argsChange(before, before)).toEqual([]);
    expect(argsChange(before, after)).toEqual([
      ["args.at", "FUNCTION_HANDLE_SIGNATURE_CHANGED", "dangerous"],
    ]);
    expect(returnsChange(before, handle())).toEqual([
      ["returns.at", "FUNCTION_HANDLE_SIGNATURE_CHANGED", "dangerous"],
    ]);
  });
  test("the message shows both signatures as they are written, on one line", () => {
    const before = handle({ fnType: "mutation", args: args({ jobId: v.string() }) });
    const after = handle({
      fnType: "action",
      args: args({ jobId: v.string(), retries: v.number() }),
    });
    const [change] = checkCompat(app({ "e:f": fn(obj(before)) }), app({ "e:f": fn(obj(after)) }), {
      now: NOW,
    }).changes;
    expect(change!.message).toBe(
      'Argument "at" of "e:f" changed its function handle signature from v.function({ fnType: "mutation", args: v.object({ jobId: v.string() }) }) to v.function({ fnType: "action", args: v.object({ jobId: v.string(), retries: v.number() }) }); Convex does not check signatures at runtime, so handles made for the old one may be called the new way.',
    );
  });
});

describe("a kind this release does not know degrades to equality, never a crash", () => {
  test("equal JSON (any key order) is no change", () => {
    const reordered = { version: 4, type: "uuid" } as unknown as ValidatorJSON;
    expect(argsChange(uuid, reordered)).toEqual([]);
    expect(returnsChange(uuid, reordered)).toEqual([]);
  });
  test("a change to or from it is dangerous and names the kind", () => {
    const result = checkCompat(
      app({ "e:f": fn(obj(j(v.string())), obj(uuid)) }),
      app({ "e:f": fn(obj(uuid), obj(j(v.string()))) }),
      { now: NOW },
    );
    expect(result.ok).toBe(true);
    expect(result.changes.map((f) => [f.path, f.rule, f.level])).toEqual([
      ["args.at", "VALIDATOR_KIND_UNKNOWN", "dangerous"],
      ["returns.at", "VALIDATOR_KIND_UNKNOWN", "dangerous"],
    ]);
    expect(result.changes[0]!.message).toContain('unknown validator kind "uuid"');
    for (const format of ["text", "json", "markdown", "github"] as const)
      expect(renderCheck(result, format, { color: false })).toContain("VALIDATOR_KIND_UNKNOWN");
  });
  test("inside unions: kept as a member, added, or the only difference", () => {
    const union = (...m: ValidatorJSON[]): ValidatorJSON => ({ type: "union", value: m });
    const s = j(v.string());
    expect(returnsChange(union(uuid, s), union(s, uuid))).toEqual([]);
    // The old side's unknown member might accept null: it cannot be judged, so not "breaking".
    expect(returnsChange(union(uuid, s), union(s, uuid, j(v.null())))).toEqual([
      ["returns.at", "VALIDATOR_KIND_UNKNOWN", "dangerous"],
    ]);
    expect(returnsChange(s, union(s, j(v.null())))).toEqual([
      ["returns.at", "RETURNS_NO_LOOSEN", "breaking"],
    ]);
    expect(argsChange(s, union(s, uuid))).toEqual([]);
    expect(argsChange(union(s, uuid), s)).toEqual([
      ["args.at", "VALIDATOR_KIND_UNKNOWN", "dangerous"],
    ]);
    expect(returnsChange(j(v.number()), union(s, uuid))).toEqual([
      ["returns.at", "RETURNS_TYPE_SAME", "breaking"], // string: known, and a real change
      ["returns.at", "VALIDATOR_KIND_UNKNOWN", "dangerous"],
    ]);
  });
  test("versioned exports with unknown kinds: same-name versions and their overlap", () => {
    const a = args({ id: v.string() });
    const b: ValidatorJSON = {
      type: "object",
      value: { id: { fieldType: uuid, optional: false } },
    };
    const before = versioned([
      version("1", a, uuid),
      version("2", b, j(v.string()), { up: 1 } as never),
    ]);
    const after = versioned([version("1", a, uuid), version("2", b, uuid)]);
    expect(() =>
      checkCompat(app({ "m:send": before }), app({ "m:send": after }), { now: NOW }),
    ).not.toThrow();
  });
});
