/**
 * Every relative link in README.md, CONTRIBUTING.md, CHANGELOG.md and docs/*.md resolves to a file
 * or folder inside this repository, and every `#anchor` to a heading of its target (GitHub's slug
 * rules). Links outside the tree are allowed only as http(s) URLs (not fetched: a test must not
 * depend on the network).
 */
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { anchors, docFiles, links, read, repo, slug } from "./markdown.ts";

/** What is wrong with `target`, linked from `file` (relative to `root`), or `undefined`. */
function brokenLink(root: string, file: string, target: string, text: string): string | undefined {
  if (/^https?:\/\//.test(target)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return "not a relative path or an http(s) URL";
  const [path = "", anchor] = target.split("#", 2);
  const resolved = path === "" ? join(root, file) : join(root, dirname(file), decodeURI(path));
  const inside = relative(root, resolved);
  if (inside.startsWith("..")) return "points outside the repository";
  if (!existsSync(resolved)) return `no such file: ${inside}`;
  if (anchor === undefined) return undefined;
  if (!resolved.endsWith(".md")) return "an anchor into a file that is not Markdown";
  const targetText = path === "" ? text : read(inside);
  if (!anchors(targetText).has(anchor)) return `no heading for #${anchor} in ${inside}`;
  return undefined;
}

describe("the link checker", () => {
  // Proves the checker can fail before its clean result on the real docs is trusted.
  const sample = "# Title\n\n## `check` and the CLI's flags\n\nsee [a](#title)\n";
  test.each([
    ["docs/cli.md", undefined],
    ["docs/cli.md#in-ci", undefined],
    ["#check-and-the-clis-flags", undefined],
    ["docs/missing.md", "no such file: docs/missing.md"],
    ["docs/cli.md#no-such-heading", "no heading for #no-such-heading in docs/cli.md"],
    ["#nope", "no heading for #nope in README.md"],
    ["../examples/ci/report.yml", "points outside the repository"],
    ["file:///etc/passwd", "not a relative path or an http(s) URL"],
    ["https://docs.convex.dev/", undefined],
  ])("%s → %s", (target, problem) => {
    expect(brokenLink(repo, "README.md", target, sample)).toBe(problem);
  });

  test("slugs follow GitHub: backticks, apostrophes and arrows dropped, underscores kept", () => {
    expect(slug("`FUNCTION_NO_DELETE` (breaking)")).toBe("function_no_delete-breaking");
    expect(slug("How this differs from the backend's `is_subset`")).toBe(
      "how-this-differs-from-the-backends-is_subset",
    );
    expect(slug("In `npx convex deploy --cmd`")).toBe("in-npx-convex-deploy---cmd");
  });

  test("links inside code are not links; repeated headings get -1", () => {
    const text = "# A\n# A\n`[x](nowhere.md)`\n```md\n[y](nowhere.md)\n```\n[z](#a-1)\n";
    expect(links(text).map((l) => l.target)).toEqual(["#a-1"]);
    expect([...anchors(text)]).toEqual(["a", "a-1"]);
  });
});

test.each(docFiles())("every link in %s resolves inside the repository", (file) => {
  const text = read(file);
  const broken = links(text)
    .map(({ target, line }) => ({ line, target, problem: brokenLink(repo, file, target, text) }))
    .filter((l) => l.problem !== undefined)
    .map((l) => `${file}:${l.line} (${l.target}): ${l.problem}`);
  expect(broken).toEqual([]);
});
