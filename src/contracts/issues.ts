/**
 * Turns a zod validation failure into an `InputError` a person can act on: the file, the field as
 * a JS-style path (`functions["messages:send"].kind`) and what it must be.
 */
import type { z } from "zod";
import { InputError } from "../input-error.ts";

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["functions", "messages:send", "kind"]` → `functions["messages:send"].kind`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && IDENT.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || "(top level)";
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const shown = JSON.stringify(value);
  return `${typeof value} ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The most specific issue: zod reports union failures as a tree, we want the deepest leaf. */
function deepest(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const leaves = issue.errors.flat().map(deepest);
    leaves.sort((a, b) => b.path.length - a.path.length);
    const best = leaves[0];
    if (best) return { ...best, path: [...issue.path, ...best.path] };
  }
  return issue;
}

function explain(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case "invalid_value":
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(" | ")} (got ${describe(input)})`;
    case "invalid_type":
      return input === undefined
        ? `is missing (expected ${article(issue.expected)})`
        : `must be ${article(issue.expected)} (got ${describe(input)})`;
    case "invalid_union":
      if ("discriminator" in issue && issue.discriminator) {
        return `has an unknown or missing "${issue.discriminator}" (got ${describe(input)})`;
      }
      return `does not match any allowed shape (got ${describe(input)})`;
    default:
      return issue.message;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Validates `json` with `schema`, or throws an InputError naming `file` and the first bad field. */
export function parseOrThrow<T>(
  schema: z.ZodType<T>,
  json: unknown,
  file: string,
  what: string,
): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = deepest(result.error.issues[0]!);
  let path: readonly PropertyKey[] = issue.path;
  let input = valueAt(json, path);
  // zod reports a bad discriminator on the object; name the discriminator field itself.
  if (issue.code === "invalid_union" && "discriminator" in issue && issue.discriminator) {
    if (path[path.length - 1] !== issue.discriminator) path = [...path, issue.discriminator];
    input = valueAt(json, path);
  }
  const field = formatPath(path);
  const more =
    result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : "";
  throw new InputError(
    `${file}: ${field} ${explain(issue, input)}${more}. This file is not a valid ${what}.`,
    file,
    field,
  );
}
