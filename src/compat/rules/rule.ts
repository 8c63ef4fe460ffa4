/**
 * What a rule is: stable ID + level + one-sentence purpose + a doc paragraph with the fix (buf's
 * rule spec). The checks that emit findings live next to their rules, one file per check; the
 * registry (`registry.ts`) lists every rule once, and `ls-rules` prints it.
 */
import type { Finding, Level } from "../types.ts";

export interface RuleSpec {
  /** UPPER_SNAKE, never reused or renamed. */
  id: string;
  level: Level;
  /** One sentence: "Checks that …". */
  purpose: string;
  /** One paragraph: why the change matters to a client built against the baseline. */
  doc: string;
  /** What to do instead; may contain code to paste. */
  fix: string;
}

export function rule(spec: RuleSpec): RuleSpec {
  return spec;
}

/** A finding of `spec` at its default level. */
export function finding(
  spec: RuleSpec,
  fn: string,
  message: string,
  extra: Partial<Omit<Finding, "rule" | "level" | "function" | "message">> = {},
): Finding {
  return { rule: spec.id, level: spec.level, function: fn, message, fix: spec.fix, ...extra };
}

/** `"messages:send"` or `"messages:send" (version "2026-06-01")`. */
export function fnName(fn: string, version?: string): string {
  return version === undefined ? `"${fn}"` : `"${fn}" (version "${version}")`;
}

/** `args.items[].kind` → `items[].kind`; `returns` → `` (the whole value). */
export function subPath(path: string): string {
  return path.replace(/^(args|returns)\.?/, "");
}
