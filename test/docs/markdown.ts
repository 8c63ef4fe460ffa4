/**
 * Just enough Markdown for the documentation tests: the documents, their fenced code blocks, their
 * links and their headings' anchors (GitHub's slug rules). No dependency: the subset the docs use
 * is small, and the tests prove each reader on samples before trusting it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NO_COMPILE } from "../../scripts/rules-doc.ts";
import { repo } from "../package/install.ts";

export { NO_COMPILE, repo };

/** Every user- and contributor-facing document, relative to the repo root. */
export function docFiles(): string[] {
  const docs = readdirSync(join(repo, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`);
  return ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", ...docs];
}

export const read = (file: string) => readFileSync(join(repo, file), "utf8");

export interface CodeBlock {
  /** The info string after the fence (`ts`, `sh`, `jsonl`, …). */
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The line before the fence is `<!-- no-compile -->`. */
  noCompile: boolean;
}

export function codeBlocks(text: string): CodeBlock[] {
  const lines = text.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(.*)$/.exec(lines[i] ?? "");
    if (!open) continue;
    const indent = open[1] ?? "";
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? ""); i++) {
      body.push((lines[i] ?? "").slice(indent.length));
    }
    blocks.push({
      lang: (open[2] ?? "").trim(),
      code: body.join("\n"),
      line: start + 1,
      noCompile: (lines[start - 1] ?? "").trim() === NO_COMPILE,
    });
  }
  return blocks;
}

/** The lines of `text`, with those of fenced code blocks (fences included) blanked. */
function outsideFences(text: string): string[] {
  let inFence = false;
  return text.split("\n").map((line) => {
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      return "";
    }
    return inFence ? "" : line;
  });
}

export interface Link {
  target: string;
  line: number;
}

/** Inline links and images: `[text](target)`, `![alt](target "title")`. */
export function links(text: string): Link[] {
  const found: Link[] = [];
  outsideFences(text)
    // Links inside inline code are not links.
    .map((line) => line.replace(/`[^`]*`/g, (code) => " ".repeat(code.length)))
    .forEach((line, i) => {
      for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        found.push({ target: m[1] ?? "", line: i + 1 });
      }
    });
  return found;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // a link in a heading: its text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

/** Every anchor the document's headings get, with GitHub's `-1`, `-2` suffixes for repeats. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of outsideFences(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1] ?? "");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${n}`);
  }
  return result;
}
