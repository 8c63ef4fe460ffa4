/** `renderCheck` and `renderRules`: every output format of `check` and `ls-rules`. */
import { RULES } from "../rules/registry.ts";
import type { CheckResult } from "../types.ts";
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

/** The rule table for `ls-rules`: text (one block per rule) or JSON (an array of rule specs). */
export function renderRules(format: "text" | "json"): string {
  if (format === "json") return `${JSON.stringify(RULES, null, 2)}\n`;
  const blocks = RULES.map((r) => {
    const fix = plainFix(r.fix)
      .split("\n")
      .map((line) => (line ? `    ${line}` : ""))
      .join("\n");
    return `${r.id} (${r.level})\n  ${r.purpose}\n  ${r.doc}\n  Fix:\n${fix}`;
  });
  return `${blocks.join("\n\n")}\n`;
}
