/**
 * `--format github`: GitHub Actions workflow commands, one annotation per overdue version, plus a
 * plain summary line. `::error` for versions that fail the run under the policy, `::warning` for the
 * other overdue ones (removable, or still-called when `failOn` is `never`), `::notice` for tombstones
 * that are still being called. Annotations carry `file=` and `line=` (the version's `.version(` call)
 * when the caller can locate it, so they appear on the pull request's diff.
 */
import type { ReportData } from "../report-data.ts";
import { advice, usageNotes } from "./describe.ts";

/**
 * Where a version is declared (`function` is `module:export`): the module file for `file=` and the
 * line of its `.version(` call for `line=`. Supplied by the CLI, which reads the files.
 */
export type LocateVersion = (
  fn: string,
  label?: string,
) => { file: string; line?: number } | undefined;

export function renderGithub(d: ReportData, locate: LocateVersion = () => undefined): string {
  const r = d.registry;
  const out: string[] = [];
  for (const def of r.definitions) {
    for (const v of def.versions) {
      const fails = d.failures.some((f) => f.version === v);
      let level: "error" | "warning" | "notice" | undefined;
      if (fails) level = "error";
      else if (v.status === "removable" || v.status === "still-called") level = "warning";
      else if (v.status === "removed" && (v.usage?.calls ?? 0) > 0) level = "notice";
      if (!level) continue;
      const title = `${def.id} ${v.label}: ${v.status}${v.basis === "date-only" ? " (by date only)" : ""}`;
      const at = locate(v.function, v.label);
      const props = [
        ...(at ? [`file=${property(at.file)}`] : []),
        ...(at?.line !== undefined ? [`line=${at.line}`] : []),
        `title=${property(title)}`,
      ];
      out.push(
        `::${level} ${props.join(",")}::${data(`${v.function} (${v.label}): ${advice(v, r)}`)}`,
      );
    }
  }
  for (const u of r.unmatched) {
    out.push(
      `::warning title=${property("call to an undeclared function")}::${data(`${u.function}${u.version ? ` version ${u.version}` : ""} was called ${u.calls} time(s), last ${u.lastSeen.slice(0, 10)}, but this app does not declare it`)}`,
    );
  }
  for (const note of [...usageNotes(d.usage, r), ...d.warnings])
    out.push(`::warning::${data(note)}`);
  const counts = Object.entries(r.counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  out.push(
    `convex-versioned report ${r.now}: ${counts || "no versioned functions"}; ${
      d.exitCode === 1
        ? `${d.failures.length} fail under failOn ${d.policy.failOn}`
        : `nothing fails under failOn ${d.policy.failOn}`
    }`,
  );
  return `${out.join("\n")}\n`;
}

/** Workflow-command escaping (actions/toolkit `escapeData` / `escapeProperty`). */
function data(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function property(s: string): string {
  return data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
