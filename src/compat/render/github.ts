/**
 * GitHub Actions workflow commands: one annotation per finding (`::error` breaking, `::warning`
 * dangerous, `::notice` info or waived). Escaping follows the runner's rules: `%`, CR and LF in
 * messages; additionally `:` and `,` in properties.
 */
import type { CheckResult, Finding } from "../types.ts";
import { breaksNote } from "./calls.ts";
import { summaryLine, surfacesLine, witnessLines } from "./summary.ts";

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(f: Finding): string {
  if (f.waived) return "notice";
  return f.level === "breaking" ? "error" : f.level === "dangerous" ? "warning" : "notice";
}

type Location = { file: string; line?: number } | undefined;

/**
 * Where a finding's function (or version) is declared, and `cron(name)` where a cron of `crons.ts`
 * is registered; supplied by the CLI, which reads files.
 */
export type LocateFinding = ((fn: string, version?: string) => Location) & {
  cron?: (name: string) => Location;
};

/**
 * `file=` and `line=` put an annotation on the pull request's diff (without them it only shows in the
 * run's summary). Properties in the order GitHub documents: file, line, title.
 */
export function renderGithub(result: CheckResult, locate?: LocateFinding): string {
  const lines = result.changes.map((f) => {
    const title = f.waived ? `${f.rule} (waived)` : f.rule;
    const where = f.path ? ` [${f.path}]` : "";
    // A cron finding is fixed in crons.ts, where the cron is registered (the first, when several
    // crons share the finding), not in the function's module.
    // A component's finding is about the component's code, not the app's functions folder: its
    // names would locate an unrelated file of the app, so it gets none.
    const cron = f.pending?.witnesses[0]?.job;
    const at = f.component
      ? undefined
      : f.rule.startsWith("CRON_")
        ? ((cron !== undefined ? locate?.cron?.(cron) : undefined) ?? locate?.("crons:default"))
        : locate?.(f.function, f.version);
    const props = [
      ...(at ? [`file=${escapeProperty(at.file)}`] : []),
      ...(at?.line !== undefined ? [`line=${at.line}`] : []),
      `title=${escapeProperty(title)}`,
    ];
    const witnesses = witnessLines(f)
      .map((w) => `\n${w}`)
      .join("");
    return `::${command(f)} ${props.join(",")}::${escapeData(`${f.message}${where}${breaksNote(f)}${witnesses}`)}`;
  });
  const surfaces = surfacesLine(result);
  if (surfaces) lines.push(surfaces);
  lines.push(`convex-versioned check: ${summaryLine(result)}${result.ok ? "" : " (failed)"}`);
  return `${lines.join("\n")}\n`;
}
