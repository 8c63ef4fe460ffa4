/**
 * Shared wording for every renderer, so text, Markdown and annotations say the same thing.
 */
import type { Registry, RegistryVersion } from "../registry.ts";
import type { UsageEvidence } from "../usage/aggregate.ts";

/** Status as shown to people: `removable` says what it rests on. */
export function statusLabel(v: RegistryVersion): string {
  if (v.status === "removable")
    return v.basis === "logs" ? "removable" : "removable (by date only)";
  return v.status;
}

/** `2026-12-14` from an ISO timestamp, or an em dash. */
export function day(ts: string | undefined): string {
  return ts ? ts.slice(0, 10) : "—";
}

export function callsCell(v: RegistryVersion): string {
  if (!v.usage) return "no logs";
  return String(v.usage.calls);
}

/** Scheduled jobs waiting to call the version (`report --pending`), as the JSON's `pendingJobs`. */
export function pendingCell(v: RegistryVersion): string {
  return v.pendingJobs === undefined ? "—" : String(v.pendingJobs);
}

/** One sentence saying why a version has its status and what to do. */
export function advice(v: RegistryVersion, r: Registry): string {
  switch (v.status) {
    case "current":
      return "";
    case "deprecated":
      if (!v.removeAfter) return v.note ?? "deprecated without a date";
      return `promised until ${v.removeAfter}${v.removeAfterSource === "default-window" ? ` (default ${r.policy.defaultWindowDays}-day window)` : ""}`;
    case "removable":
      return v.basis === "logs"
        ? `quiet since ${v.quietFrom} (${v.usage?.lastSeen ? `last call ${day(v.usage.lastSeen)}` : "no call in the logs"}): safe to delete`
        : `past ${v.removeAfter}; no usage logs were given, so nothing proves it is unused: run with --usage`;
    case "still-called":
      if (v.basis === "pending")
        return `past ${v.removeAfter} but ${v.pendingJobs} pending scheduled job${v.pendingJobs === 1 ? "" : "s"} will call it: let ${v.pendingJobs === 1 ? "it" : "them"} run (or cancel ${v.pendingJobs === 1 ? "it" : "them"}) before deleting the version`;
      return `past ${v.removeAfter} but called ${v.usage?.calls ?? 0}× (last ${day(v.usage?.lastSeen)}): extend removeAfter or get clients to update`;
    case "removed":
      return v.usage && v.usage.calls > 0
        ? `tombstone; still called ${v.usage.calls}× (last ${day(v.usage.lastSeen)})`
        : `tombstone since ${v.removedSince}`;
  }
}

/** Lines about the usage files themselves (malformed lines, coverage shorter than the window). */
export function usageNotes(usage: UsageEvidence | undefined, r: Registry): string[] {
  if (!usage) return [];
  const notes: string[] = [];
  const m = usage.malformed;
  if (m.count > 0) {
    const where = m.examples.map((e) => `${e.file}:${e.line} (${e.reason})`).join(", ");
    notes.push(`${m.count} malformed usage line${m.count === 1 ? "" : "s"} skipped, e.g. ${where}`);
  }
  if (usage.fromMs === undefined) {
    notes.push("the usage files hold no function executions: every overdue version reads as quiet");
  } else {
    const from = new Date(usage.fromMs).toISOString().slice(0, 10);
    const quietFrom = new Date(Date.parse(`${r.now}T00:00:00Z`) - r.policy.quietDays * 86_400_000)
      .toISOString()
      .slice(0, 10);
    if (from > quietFrom) {
      notes.push(
        `the logs start on ${from}, after the quiet window starts (${quietFrom}): "removable" only covers what the logs saw`,
      );
    }
  }
  return notes;
}
