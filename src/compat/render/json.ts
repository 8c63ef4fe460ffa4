/**
 * JSON output, pinned by DESIGN.md: `{ ok, changes: [{ rule, level, function, path?, message, … }] }`.
 * Keys are written in a fixed order so output diffs stay small.
 */
import type { CheckResult, Finding } from "../types.ts";

const ORDER: (keyof Finding)[] = [
  "rule",
  "level",
  "function",
  "path",
  "message",
  "version",
  "originalRule",
  "inferred",
  "waived",
  "witness",
  "noWitness",
  "fix",
];

/** `warnings`: what the load could not judge (contracts missing or partly `any`), one line each. */
export function renderJson(result: CheckResult, warnings: string[] = []): string {
  const changes = result.changes.map((f) => {
    const out: Record<string, unknown> = {};
    for (const key of ORDER) if (f[key] !== undefined) out[key] = f[key];
    return out;
  });
  const body =
    warnings.length > 0 ? { ok: result.ok, changes, warnings } : { ok: result.ok, changes };
  return `${JSON.stringify(body, null, 2)}\n`;
}
