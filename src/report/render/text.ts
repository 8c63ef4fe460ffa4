/**
 * `--format text`: one aligned table per definition, a summary line, then notes. Colour only when
 * asked (`color: true`); widths are computed on the plain text so colour never breaks alignment.
 */
import { type Colors, createColors } from "../../colors.ts";
import type { VersionStatus } from "../../lifecycle/status.ts";
import type { ReportData } from "../report-data.ts";
import { advice, callsCell, day, pendingCell, statusLabel, usageNotes } from "./describe.ts";

export function renderText(d: ReportData, color: boolean): string {
  const c = createColors(color);
  const r = d.registry;
  const out: string[] = [];
  out.push(
    c.bold(`convex-versioned report — ${r.now}`) +
      c.dim(
        `  (quiet ${d.policy.quietDays} days, default window ${d.policy.defaultWindowDays} days, fail on ${d.policy.failOn}${r.hasUsage ? "" : ", no usage logs"}${r.hasPending ? ", pending jobs counted" : ""})`,
      ),
  );
  if (r.definitions.length === 0) out.push("", "No versioned functions found.");
  for (const def of r.definitions) {
    out.push("", c.bold(def.id) + c.dim(`  current ${def.current}`));
    // The "pending" column only with --pending: without it there is nothing to show but dashes.
    const pending = r.hasPending;
    const rows = def.versions.map((v) => [
      v.label,
      v.function,
      statusLabel(v),
      v.deprecatedSince ?? "—",
      v.removeAfter ?? "—",
      callsCell(v),
      day(v.usage?.lastSeen),
      ...(pending ? [pendingCell(v)] : []),
      advice(v, r),
    ]);
    const header = [
      "version",
      "function",
      "status",
      "deprecated",
      "remove after",
      "calls",
      "last call",
      ...(pending ? ["pending"] : []),
      "",
    ];
    const adviceColumn = header.length - 1;
    const widths = header.map((h, i) =>
      Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)),
    );
    const line = (cells: string[], paint: (s: string, i: number) => string) => {
      // Trailing empty cells are dropped before painting, so colour codes never hide trailing spaces.
      let n = cells.length;
      while (n > 0 && cells[n - 1] === "") n--;
      const shown = cells.slice(0, n);
      return `  ${shown.map((cell, i) => paint(i === shown.length - 1 ? cell : cell.padEnd(widths[i] ?? 0), i)).join("  ")}`;
    };
    out.push(line(header, (s) => c.dim(s)));
    def.versions.forEach((v, n) => {
      const fails = d.failures.some((f) => f.version === v);
      out.push(
        line(rows[n] ?? [], (s, i) =>
          i === 2 ? paintStatus(c, v.status, fails)(s) : i === adviceColumn ? c.dim(s) : s,
        ),
      );
    });
  }
  const counts = (Object.entries(r.counts) as [VersionStatus, number][])
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  out.push("", counts.length > 0 ? counts.join(", ") : "0 versions");
  for (const u of r.unmatched) {
    out.push(
      c.yellow(
        `! ${u.function}${u.version ? ` version ${u.version}` : ""}: ${u.calls} call(s), last ${day(u.lastSeen)}, but this app does not declare it`,
      ),
    );
  }
  for (const note of [...usageNotes(d.usage, r), ...d.warnings]) out.push(c.yellow(`! ${note}`));
  out.push(
    d.exitCode === 1
      ? c.red(`✗ ${d.failures.length} version(s) fail under --fail-on ${d.policy.failOn}`)
      : c.green(`✓ nothing fails under --fail-on ${d.policy.failOn}`),
  );
  return `${out.join("\n")}\n`;
}

function paintStatus(c: Colors, status: VersionStatus, fails: boolean): (s: string) => string {
  if (fails) return (s) => c.red(c.bold(s));
  switch (status) {
    case "current":
      return c.green;
    case "deprecated":
      return c.cyan;
    case "removable":
      return c.yellow;
    case "still-called":
      return c.magenta;
    case "removed":
      return c.dim;
  }
}
