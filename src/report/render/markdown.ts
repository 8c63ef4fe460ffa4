/**
 * `--format markdown`: a pull-request comment. A verdict line, one table and one Mermaid timeline per
 * definition, then notes. Starts with a hidden marker so a sticky-comment action can update it in place.
 */
import type { ReportData } from "../report-data.ts";
import { advice, callsCell, day, pendingCell, statusLabel, usageNotes } from "./describe.ts";
import { ganttFor } from "./gantt.ts";

export const MARKDOWN_MARKER = "<!-- convex-versioned-report -->";

const ICON: Record<string, string> = {
  current: "🟢",
  deprecated: "🔵",
  removable: "🟡",
  "still-called": "🔴",
  removed: "⚫",
};

export function renderMarkdown(d: ReportData): string {
  const r = d.registry;
  const out: string[] = [MARKDOWN_MARKER, `## Versioned functions — ${r.now}`, ""];
  out.push(
    d.exitCode === 1
      ? `❌ **${d.failures.length} version(s) fail** under \`failOn: ${d.policy.failOn}\`.`
      : `✅ Nothing fails under \`failOn: ${d.policy.failOn}\`.`,
  );
  const counts = Object.entries(r.counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${ICON[s] ?? ""} ${n} ${s}`);
  out.push(
    "",
    `${counts.join(" · ") || "No versioned functions found."}  `,
    `<sub>quiet window ${d.policy.quietDays} days · default removal window ${d.policy.defaultWindowDays} days · ${
      r.hasUsage
        ? `usage from ${d.usage?.files.map((f) => `\`${f}\``).join(", ")}`
        : "no usage logs: overdue versions are judged by date only"
    }</sub>`,
  );
  for (const def of r.definitions) {
    out.push("", `### \`${def.id}\``, "");
    // The "Pending" column only with --pending, as in the text table.
    const pending = r.hasPending;
    out.push(
      `| Version | Function | Status | Deprecated | Remove after | Calls | Last call |${pending ? " Pending |" : ""} Notes |`,
    );
    out.push(`|---|---|---|---|---|--:|---|${pending ? "--:|" : ""}---|`);
    for (const v of def.versions) {
      const fails = d.failures.some((f) => f.version === v);
      const status = `${ICON[v.status] ?? ""} ${fails ? `**${statusLabel(v)}**` : statusLabel(v)}`;
      out.push(
        `| ${cell(v.label)} | \`${cell(v.function)}\` | ${status} | ${v.deprecatedSince ?? "—"} | ${v.removeAfter ?? "—"} | ${callsCell(v)} | ${day(v.usage?.lastSeen)} |${pending ? ` ${pendingCell(v)} |` : ""} ${cell(advice(v, r))} |`,
      );
    }
    const chart = ganttFor(def, r);
    if (chart) out.push("", "```mermaid", chart, "```");
  }
  const notes = [
    ...r.unmatched.map(
      (u) =>
        `\`${u.function}\`${u.version ? ` version \`${u.version}\`` : ""} was called ${u.calls}× (last ${day(u.lastSeen)}) but this app does not declare it.`,
    ),
    ...usageNotes(d.usage, r),
    ...d.warnings,
  ];
  if (notes.length > 0) out.push("", "#### Notes", "", ...notes.map((n) => `- ${n}`));
  return `${out.join("\n")}\n`;
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
