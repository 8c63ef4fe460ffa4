/** Markdown for a pull-request comment: a summary line, one table per level, fixes folded away. */
import { type CheckResult, type Finding, LEVELS, type Level } from "../types.ts";
import { breaksNote } from "./calls.ts";
import {
  byLevel,
  levelNote,
  levelsLine,
  pendingLine,
  summaryLine,
  surfacesLine,
  withoutRepeatedCode,
  witnessLines,
} from "./summary.ts";

const TITLE: Record<Level, string> = { breaking: "Breaking", dangerous: "Dangerous", info: "Info" };

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function row(f: Finding): string {
  const waived = f.waived ? ` _(waived until ${f.waived.expires}: ${cell(f.waived.reason)})_` : "";
  const witnesses = witnessLines(f)
    .map((w) => `<br>${code(w)}`)
    .join("");
  return `| ${code(f.function)} | ${code(f.rule)}${levelNote(f)} | ${f.path ? code(f.path) : ""} | ${cell(f.message)}${cell(breaksNote(f))}${witnesses}${waived} |`;
}

export function renderMarkdown(result: CheckResult): string {
  const icon = result.ok ? "✅" : "❌";
  const out: string[] = [`### ${icon} convex-versioned check: ${summaryLine(result)}`, ""];
  const levels = levelsLine(result);
  if (levels) out.push(`Rule levels set: ${code(levels)}`, "");
  const pending = pendingLine(result);
  if (pending) out.push(pending, "");
  const surfaces = surfacesLine(result);
  if (surfaces) out.push(surfaces, "");
  if (result.changes.length === 0) {
    out.push("No changes an old client would notice.", "");
    return out.join("\n");
  }
  for (const level of LEVELS) {
    const findings = byLevel(result.changes, level);
    if (findings.length === 0) continue;
    out.push(
      `#### ${TITLE[level]} (${findings.length})`,
      "",
      "| Function | Rule | Path | Change |",
      "| --- | --- | --- | --- |",
    );
    out.push(...findings.map(row), "");
    const fixes = findings.filter((f) => f.fix && !f.waived && level !== "info");
    if (fixes.length > 0) {
      out.push("<details><summary>How to fix</summary>", "");
      // Per function, a code block shown once (one chain for several changed args).
      const shown = new Map<string, Map<string, string>>();
      for (const f of fixes) {
        const label = `${f.rule}${f.path ? ` (${f.path})` : ""}`;
        const seen = shown.get(f.function) ?? new Map<string, string>();
        shown.set(f.function, seen);
        out.push(
          `**${code(f.rule)} on ${code(f.function)}**${f.path ? ` (${code(f.path)})` : ""}`,
          "",
          withoutRepeatedCode(f.fix!, seen, label),
          "",
        );
      }
      out.push("</details>", "");
    }
  }
  return out.join("\n");
}
