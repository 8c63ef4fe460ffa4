/**
 * Waivers: a reviewed, dated exception (`{ rule, function, reason, expires }`, or a finding's
 * `fingerprint` instead of or beside rule and function; rule IDs must exist). A waived finding
 * stays in the output with `waived` set and stops failing the check; an expired waiver waives
 * nothing and says so (WAIVER_EXPIRED); one that matches nothing is reported too (WAIVER_UNUSED).
 */
import { z } from "zod";
import { InputError } from "../input-error.ts";
import { compareIsoDates, isIsoDate } from "../lifecycle/dates.ts";
import { assertKnownRule } from "./levels.ts";
import { finding } from "./rules/rule.ts";
import { WAIVER_EXPIRED, WAIVER_UNUSED } from "./rules/waivers.ts";
import type { Finding, Waiver } from "./types.ts";

const nonEmpty = (what: string) =>
  z.string({ error: `must be a string (${what})` }).min(1, `must not be empty (${what})`);

const WaiverSchema = z.strictObject(
  {
    rule: nonEmpty("a rule ID, e.g. ARG_NO_DELETE").optional(),
    function: nonEmpty('a function path, e.g. "messages:send"').optional(),
    fingerprint: z
      .string({ error: "must be a string (a finding's fingerprint from --format json)" })
      .regex(/^cv1-[0-9a-f]{16}$/, "must be a finding's fingerprint, e.g. cv1-f4ed99f007f4212e")
      .optional(),
    reason: nonEmpty("why this change is acceptable"),
    expires: z
      .string({ error: "must be a YYYY-MM-DD date" })
      .refine(isIsoDate, "must be a YYYY-MM-DD date"),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `has unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (a waiver has rule, function, fingerprint, reason, expires)`
        : "must be an object { rule, function, reason, expires } or { fingerprint, reason, expires }",
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
  for (const [i, w] of result.data.entries()) {
    const at = fieldPath(prefix, [i]);
    if (w.fingerprint === undefined && (w.rule === undefined || w.function === undefined)) {
      const missing = w.rule === undefined ? "rule" : "function";
      throw new InputError(
        `${file}: ${at}.${missing} is missing (a waiver names rule and function, or a fingerprint)`,
        file,
        `${at}.${missing}`,
      );
    }
    if (w.rule !== undefined) assertKnownRule(w.rule, `${file}: ${at}.rule`, file, `${at}.rule`);
  }
  return result.data as Waiver[];
}

/** What a waiver names, for messages: `"ARG_NO_DELETE" on "a:f"`, or its fingerprint. */
function named(w: Waiver): string {
  const parts: string[] = [];
  if (w.rule !== undefined) parts.push(`"${w.rule}" on "${w.function}"`);
  if (w.fingerprint !== undefined) parts.push(`finding ${w.fingerprint}`);
  return parts.join(", ");
}

function matches(w: Waiver, f: Finding): boolean {
  if (w.fingerprint !== undefined && f.fingerprint !== w.fingerprint) return false;
  if (w.function !== undefined && f.function !== w.function) return false;
  return w.rule === undefined || f.rule === w.rule || f.originalRule === w.rule;
}

/** A waiver's own findings (expired, unused) are listed under its function, or as the waivers file's. */
const WAIVERS_FILE = "(waivers)";

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
    const fn = w.function ?? WAIVERS_FILE;
    if (compareIsoDates(w.expires, now) < 0) {
      out.push(
        finding(
          WAIVER_EXPIRED,
          fn,
          `Waiver for ${named(w)} expired on ${w.expires}; it no longer waives anything.`,
        ),
      );
      continue;
    }
    let used = false;
    for (const [i, f] of out.entries()) {
      if (!matches(w, f)) continue;
      if (f.rule === WAIVER_EXPIRED.id || f.rule === WAIVER_UNUSED.id) continue;
      out[i] = { ...f, waived: { reason: w.reason, expires: w.expires } };
      used = true;
    }
    if (!used) {
      out.push(finding(WAIVER_UNUSED, fn, `Waiver for ${named(w)} matched no change.`));
    }
  }
  return out;
}
