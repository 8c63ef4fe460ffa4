/**
 * A Mermaid `gantt` timeline for one definition (GitHub renders ```mermaid blocks in PR comments):
 * per version, the time it was served before deprecation, its deprecated window, its removal date
 * and its last call as milestones, the tombstone period, and a "now" marker.
 */
import { compareIsoDates, isIsoDate } from "../../lifecycle/dates.ts";
import type { Registry, RegistryDefinition, RegistryVersion } from "../registry.ts";

/** The chart text (without the fence), or `undefined` when no version has a date to draw. */
export function ganttFor(def: RegistryDefinition, r: Registry): string | undefined {
  // A lone current version has no timeline worth drawing.
  if (def.versions.length < 2) return undefined;
  const lines: string[] = [];
  def.versions.forEach((v, i) => {
    const tasks = tasksFor(def, v, i, r.now);
    if (tasks.length === 0) return;
    lines.push(`  section ${safe(`${v.label} · ${v.exportName}`)}`);
    lines.push(...tasks.map((t) => `    ${t}`));
  });
  if (lines.length === 0) return undefined;
  return [
    "gantt",
    `  title ${safe(`${def.definition} (${def.module})`)}`,
    "  dateFormat YYYY-MM-DD",
    "  axisFormat %Y-%m-%d",
    "  todayMarker off",
    ...lines,
    "  section now",
    `    ${r.now} :milestone, now, ${r.now}, 0d`,
  ].join("\n");
}

function tasksFor(def: RegistryDefinition, v: RegistryVersion, i: number, now: string): string[] {
  const tasks: string[] = [];
  const id = `v${i}`;
  const start = isIsoDate(v.label)
    ? v.label
    : i > 0
      ? def.versions[i - 1]?.deprecatedSince
      : undefined;
  if (v.status === "current") {
    if (start) tasks.push(bar("current", "active", `${id}c`, start, later(start, now)));
    return tasks;
  }
  if (start && v.deprecatedSince && compareIsoDates(start, v.deprecatedSince) < 0) {
    tasks.push(bar("served", "", `${id}s`, start, v.deprecatedSince));
  }
  if (v.deprecatedSince && v.removeAfter) {
    const tag =
      v.status === "still-called" ? "crit" : v.status === "deprecated" ? "active" : "done";
    tasks.push(
      bar("deprecated", tag, `${id}d`, v.deprecatedSince, later(v.deprecatedSince, v.removeAfter)),
    );
    tasks.push(`remove after ${v.removeAfter} :milestone, ${id}r, ${v.removeAfter}, 0d`);
  }
  if (v.removedSince && isIsoDate(v.removedSince)) {
    tasks.push(bar("tombstone", "done", `${id}t`, v.removedSince, later(v.removedSince, now)));
  }
  const last = v.usage?.lastSeen?.slice(0, 10);
  if (last && isIsoDate(last)) {
    const tag =
      v.status === "still-called" || v.status === "removed" ? "crit, milestone" : "milestone";
    tasks.push(`last call ${last} :${tag}, ${id}l, ${last}, 0d`);
  }
  return tasks;
}

function bar(name: string, tag: string, id: string, from: string, to: string): string {
  // Mermaid draws nothing for an empty range; a one-day bar keeps same-day events visible.
  const end = from === to ? "1d" : to;
  return `${name} :${tag ? `${tag}, ` : ""}${id}, ${from}, ${end}`;
}

function later(a: string, b: string): string {
  return compareIsoDates(a, b) >= 0 ? a : b;
}

/** Mermaid gantt lines break on `:`, `#` and `;`; labels are free text. */
function safe(s: string): string {
  return s.replace(/[:;#]/g, " ").replace(/\s+/g, " ").trim();
}
