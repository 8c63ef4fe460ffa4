/**
 * Reading a waiver file: `[{ rule, function, reason, expires }]` or `{ waivers: [...] }`, each
 * waiver naming a rule that exists, checked with a zod schema so an error names the file and the
 * field. On its own so that `check` loads zod only when a waiver file is given.
 */
import { z } from "zod";
import { InputError } from "../input-error.ts";
import { isIsoDate } from "../lifecycle/dates.ts";
import { assertKnownRule } from "./levels.ts";
import type { Waiver } from "./types.ts";

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

function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path)
    out += typeof part === "number" ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out;
}
