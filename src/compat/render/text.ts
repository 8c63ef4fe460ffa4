/** The terminal rendering of a check: findings grouped by function, colour when the CLI asks for it. */
import { createColors } from "../../colors.ts";
import type { CheckResult, Finding } from "../types.ts";
import { breaksNote } from "./calls.ts";
import {
  byFunction,
  levelNote,
  levelsLine,
  pendingLine,
  plainFix,
  summaryLine,
  surfacesLine,
  withoutRepeatedCode,
  witnessLines,
} from "./summary.ts";

export function renderText(result: CheckResult, color: boolean): string {
  const c = createColors(color);
  const mark = (f: Finding): string => {
    if (f.waived) return c.dim("~ waived   ");
    if (f.level === "breaking") return c.red("✖ breaking ");
    if (f.level === "dangerous") return c.yellow("! dangerous");
    return c.blue("i info     ");
  };
  const lines: string[] = [];
  for (const [fn, findings] of byFunction(result.changes)) {
    lines.push(c.bold(fn));
    // Findings of one change share a fix (the same snippet): print it once per function.
    const shown = new Map<string, string>();
    for (const f of findings) {
      lines.push(
        `  ${mark(f)} ${c.bold(f.rule)}${f.path ? ` ${c.dim(f.path)}` : ""}${c.dim(levelNote(f))}`,
      );
      lines.push(`    ${f.message}`);
      if (f.surfaces?.length) lines.push(`    ${c.bold(breaksNote(f).trim())}`);
      for (const w of witnessLines(f)) lines.push(c.dim(`      ${w}`));
      if (f.waived) lines.push(c.dim(`    waived until ${f.waived.expires}: ${f.waived.reason}`));
      else if (f.fix && f.level !== "info") {
        const fix = withoutRepeatedCode(f.fix, shown, f.path ? `${f.rule} (${f.path})` : f.rule);
        lines.push(c.dim("    fix:"));
        for (const line of plainFix(fix).split("\n"))
          lines.push(c.dim(line ? `      ${line}` : ""));
      }
    }
    lines.push("");
  }
  const verdict = result.ok
    ? c.green("No unwaived breaking changes.")
    : c.red("Breaking changes found.");
  const levels = levelsLine(result);
  const pending = pendingLine(result);
  const set =
    (levels ? `\n${c.dim(`Rule levels set: ${levels}.`)}` : "") +
    (pending ? `\n${c.dim(pending)}` : "");
  const surfaces = surfacesLine(result);
  const clients = surfaces ? `\n${surfaces}` : "";
  if (result.changes.length === 0)
    return `${c.green("No changes an old client would notice.")}${set}${clients}\n`;
  lines.push(`${verdict} ${summaryLine(result)}.${set}${clients}`);
  return `${lines.join("\n")}\n`;
}
