/**
 * `--format json`: the stable, documented shape (README, "The deprecation report" → Output).
 * Keys are written in a fixed order and optional keys are omitted, not null, except `usage`, which is
 * `null` when no usage files were given (so "no evidence" and "zero calls" stay distinguishable).
 */

import { iso } from "../registry.ts";
import type { ReportData } from "../report-data.ts";

export const REPORT_JSON_VERSION = 1;

export function renderJson(d: ReportData): string {
  const r = d.registry;
  const u = d.usage;
  const out = {
    reportVersion: REPORT_JSON_VERSION,
    now: r.now,
    policy: {
      quietDays: d.policy.quietDays,
      failOn: d.policy.failOn,
      defaultWindowDays: d.policy.defaultWindowDays,
    },
    ok: d.exitCode === 0,
    exitCode: d.exitCode,
    counts: r.counts,
    usage: u
      ? {
          files: u.files,
          lines: u.lines,
          ignored: u.ignored,
          malformed: u.malformed,
          ...(u.fromMs !== undefined ? { from: iso(u.fromMs) } : {}),
          ...(u.toMs !== undefined ? { to: iso(u.toMs) } : {}),
        }
      : null,
    definitions: r.definitions.map((def) => ({
      id: def.id,
      module: def.module,
      definition: def.definition,
      current: def.current,
      exports: def.exports,
      versions: def.versions.map((v) => ({
        label: v.label,
        export: v.exportName,
        function: v.function,
        status: v.status,
        ...(v.basis ? { basis: v.basis } : {}),
        ...(v.deprecatedSince ? { deprecatedSince: v.deprecatedSince } : {}),
        deprecationSource: v.deprecationSource,
        ...(v.removeAfter ? { removeAfter: v.removeAfter } : {}),
        removeAfterSource: v.removeAfterSource,
        ...(v.quietFrom ? { quietFrom: v.quietFrom } : {}),
        ...(v.reason ? { reason: v.reason } : {}),
        ...(v.removedSince ? { removedSince: v.removedSince } : {}),
        ...(v.removedMessage ? { removedMessage: v.removedMessage } : {}),
        usage: v.usage ?? null,
        ...(v.pendingJobs !== undefined ? { pendingJobs: v.pendingJobs } : {}),
        fails: d.failures.some((f) => f.version === v),
        ...(v.note ? { note: v.note } : {}),
      })),
    })),
    unmatched: r.unmatched,
    warnings: d.warnings,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
