/**
 * Waivers: a reviewed, dated exception (`{ rule, function, reason, expires }`). A waived finding
 * stays in the output with `waived` set and stops failing the check; an expired waiver waives
 * nothing and says so (WAIVER_EXPIRED); one that matches nothing is reported too (WAIVER_UNUSED).
 */
import { z } from "zod";
import { InputError } from "../input-error.ts";
import { compareIsoDates, isIsoDate } from "../lifecycle/dates.ts";
import { finding } from "./rules/rule.ts";
import { WAIVER_EXPIRED, WAIVER_UNUSED } from "./rules/waivers.ts";
import type { Finding, Waiver } from "./types.ts";

const nonEmpty = (what: string) =>
  z.string({ error: `must be a string (${what})` }).min(1, `must not be empty (${what})`);

const WaiverSchema = z.strictObject(
  {
    rule: nonEmpty("a rule ID, e.g. ARG_NO_DELETE"),
    function: nonEmpty('a function path, e.g. "messages:send"'),
    reason: nonEmpty("why this change is acceptable"),
    expires: z
      .string({ error: "must be a YYYY-MM-DD date" })
      .refine(isIsoDate, "must be a YYYY-MM-DD date"),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `has unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (a waiver has rule, function, reason, expires)`
        : "must be an object { rule, function, reason, expires }",
  },
);

/**
 * Validates a waiver file's parsed JSON: `[{ rule, function, reason, expires }]` or `{ waivers: [...] }`.
 * @throws InputError naming the file and the field, e.g. `waivers.json: [2].expires must be a YYYY-MM-DD date`.
 */
export function parseWaivers(json: unknown, file: string): Waiver[] {
  const wrapped = json !== null && typeof json === "object" && !Array.isArray(json);
  if (wrapped && (Object.keys(json).length !== 1 || !Object.hasOwn(json, "waivers"))) {
    throw new InputError(`${file}: expected an array of waivers or { "waivers": [...] }`, file);
  }
  const prefix = wrapped ? "waivers" : "";
  const result = z
    .array(WaiverSchema, { error: "must be an array of waivers" })
    .safeParse(wrapped ? (json as { waivers: unknown }).waivers : json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = fieldPath(prefix, issue.path);
    throw new InputError(`${file}: ${field ? `${field} ` : ""}${issue.message}`, file, field);
  }
  return result.data;
}

function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path)
    out += typeof part === "number" ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out;
}

/** Marks waived findings and adds WAIVER_EXPIRED / WAIVER_UNUSED findings. */
export function applyWaivers(
  findings: Finding[],
  waivers: readonly Waiver[],
  now: string,
): Finding[] {
  const out = [...findings];
  for (const w of waivers) {
    if (compareIsoDates(w.expires, now) < 0) {
      out.push(
        finding(
          WAIVER_EXPIRED,
          w.function,
          `Waiver for "${w.rule}" on "${w.function}" expired on ${w.expires}; it no longer waives anything.`,
        ),
      );
      continue;
    }
    let used = false;
    for (const [i, f] of out.entries()) {
      if (f.function !== w.function || (f.rule !== w.rule && f.originalRule !== w.rule)) continue;
      if (f.rule === WAIVER_EXPIRED.id || f.rule === WAIVER_UNUSED.id) continue;
      out[i] = { ...f, waived: { reason: w.reason, expires: w.expires } };
      used = true;
    }
    if (!used) {
      out.push(
        finding(
          WAIVER_UNUSED,
          w.function,
          `Waiver for "${w.rule}" on "${w.function}" matched no change.`,
        ),
      );
    }
  }
  return out;
}
