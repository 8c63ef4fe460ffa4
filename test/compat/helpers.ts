/**
 * Test helpers: validator JSON from Convex's own `v` builders (`.json` is @internal but present at
 * runtime), function specs and apps in the model's shape.
 */
import type { GenericValidator } from "convex/values";
import type { ValidatorJSON, VersionMeta } from "../../src/meta.ts";
import type { AppSpec, FunctionKind, FunctionSpec, Visibility } from "../../src/model.ts";

export function j(validator: GenericValidator): ValidatorJSON {
  return (validator as unknown as { json: ValidatorJSON }).json;
}

/** Args JSON for an args object, as `exportArgs()` prints it. */
export function args(fields: Record<string, GenericValidator>): ValidatorJSON {
  const value: Record<string, { fieldType: ValidatorJSON; optional: boolean }> = {};
  for (const [name, validator] of Object.entries(fields)) {
    value[name] = {
      fieldType: j(validator),
      optional: (validator as unknown as { isOptional: string }).isOptional === "optional",
    };
  }
  return { type: "object", value };
}

export function fn(
  a: ValidatorJSON,
  returns: ValidatorJSON | null = null,
  more: Partial<FunctionSpec> & { kind?: FunctionKind; visibility?: Visibility } = {},
): FunctionSpec {
  return { kind: "mutation", visibility: "public", args: a, returns, ...more };
}

export function app(functions: Record<string, FunctionSpec>): AppSpec {
  return { functions };
}

export function version(
  label: string,
  a: ValidatorJSON,
  returns: ValidatorJSON | null,
  more: Partial<VersionMeta> = {},
): VersionMeta {
  return { label, exportName: more.exportName ?? "send", args: a, returns, ...more };
}

/** A versioned export serving `versions` (all under one export name). */
export function versioned(versions: VersionMeta[], more: Partial<FunctionSpec> = {}): FunctionSpec {
  const live = versions.filter((v) => !v.removed);
  const newest = live[live.length - 1] ?? versions[versions.length - 1]!;
  return {
    kind: "mutation",
    visibility: "public",
    args: live.length > 0 ? newest.args : { type: "any" },
    returns: newest.returns,
    versioned: {
      definition: "send",
      current: newest.label,
      serves: versions.map((v) => v.label),
      versions,
    },
    ...more,
  };
}

export const NOW = "2026-11-20";

/** `value` with every object's keys in reverse order (JSON key order is not meaning). */
export function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}
