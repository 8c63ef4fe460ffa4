/**
 * JSON output, pinned by DESIGN.md: `{ ok, changes: [{ rule, level, function, path?, message, … }] }`;
 * `levels` (the rule levels the team set) is added when there are any, `surfaces` (each live
 * client surface and whether it is served) when surfaces are recorded.
 * Keys are written in a fixed order so output diffs stay small.
 */
import type { CheckResult, Finding } from "../types.ts";

const ORDER: (keyof Finding)[] = [
  "rule",
  "level",
  "function",
  "component",
  "path",
  "message",
  "fingerprint",
  "defaultLevel",
  "version",
  "originalRule",
  "inferred",
  "waived",
  "witness",
  "noWitness",
  "pending",
  "surfaces",
  "calls",
  "unreferenced",
  "fix",
];

/** `warnings`: what the load could not judge (contracts missing or partly `any`), one line each. */
export function renderJson(result: CheckResult, warnings: string[] = []): string {
  const changes = result.changes.map((f) => {
    const out: Record<string, unknown> = {};
    for (const key of ORDER) if (f[key] !== undefined) out[key] = f[key];
    return out;
  });
  const levels =
    result.levels && Object.keys(result.levels).length > 0 ? { levels: result.levels } : {};
  const surfaces = result.surfaces ? { surfaces: result.surfaces } : {};
  const extra = warnings.length > 0 ? { warnings } : {};
  const pending = result.pending ? { pending: result.pending } : {};
  return `${JSON.stringify({ ok: result.ok, changes, ...levels, ...pending, ...surfaces, ...extra }, null, 2)}\n`;
}
