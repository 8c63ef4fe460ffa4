/** `renderCheck` and `renderRules`: every output format of `check` and `ls-rules`. */
import { RULES } from "../rules/registry.ts";
import type { CheckResult, RuleLevels } from "../types.ts";
import { type LocateFinding, renderGithub } from "./github.ts";
import { renderJson } from "./json.ts";
import { renderMarkdown } from "./markdown.ts";
import { plainFix } from "./summary.ts";
import { renderText } from "./text.ts";

export type CheckFormat = "text" | "json" | "markdown" | "github";

export function renderCheck(
  result: CheckResult,
  format: CheckFormat,
  opts: { color: boolean; warnings?: string[]; locate?: LocateFinding },
): string {
  switch (format) {
    case "text":
      return renderText(result, opts.color);
    case "json":
      return renderJson(result, opts.warnings);
    case "markdown":
      return renderMarkdown(result);
    case "github":
      return renderGithub(result, opts.locate);
    default:
      throw new Error(
        `Unknown check format ${JSON.stringify(format satisfies never)}: use text, json, markdown or github.`,
      );
  }
}

/**
 * The rule table for `ls-rules`: text (one block per rule) or JSON (an array of rule specs). With
 * the team's `levels`, each rule shows the level `check` will use; `defaultLevel` keeps its own.
 */
export function renderRules(format: "text" | "json", levels: RuleLevels = {}): string {
  const rules = RULES.map((r) => ({
    ...r,
    level: Object.hasOwn(levels, r.id) ? levels[r.id]! : r.level,
    defaultLevel: r.level,
  }));
  if (format === "json") return `${JSON.stringify(rules, null, 2)}\n`;
  const blocks = rules.map((r) => {
    const fix = plainFix(r.fix)
      .split("\n")
      .map((line) => (line ? `    ${line}` : ""))
      .join("\n");
    const set = r.level === r.defaultLevel ? "" : `; set, rule default ${r.defaultLevel}`;
    return `${r.id} (${r.level}${set})\n  ${r.purpose}\n  ${r.doc}\n  Fix:\n${fix}`;
  });
  return `${blocks.join("\n\n")}\n`;
}
