/** The README keeps its promises: short enough to read, and the two commands that try this repo. */
import { statSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { codeBlocks, docFiles, read, repo } from "./markdown.ts";

const readme = read("README.md");

test("README.md is at most 15,000 bytes (reference belongs in docs/)", () => {
  expect(statSync(join(repo, "README.md")).size).toBeLessThanOrEqual(15_000);
});

test("'Try this repo' is exactly two commands: the demo and the tests", () => {
  const section = readme.slice(readme.indexOf("## Try this repo"), readme.indexOf("## Install"));
  expect(section.length).toBeGreaterThan(0);
  const block = codeBlocks(section).find((b) => b.lang === "sh");
  const lines = (block?.code ?? "")
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean);
  expect(lines).toEqual(["npm ci && npm run demo", "npm test"]);
});

test("Try this repo comes before the install and adoption sections", () => {
  const order = ["## Try this repo", "## Install", "## Adopt in five minutes", "## Tutorial"];
  const at = order.map((h) => readme.indexOf(h));
  expect(at.every((i) => i > 0)).toBe(true);
  expect(at).toEqual([...at].sort((a, b) => a - b));
});

test("user-facing snippets import the package, never the repo's sources", () => {
  const files = [
    "README.md",
    ...["api", "cli", "report", "inferred-contracts"].map((f) => `docs/${f}.md`),
  ];
  const bad = files.flatMap((file) =>
    codeBlocks(read(file))
      .filter((b) => /from\s+["'](\.\.?\/)+src\//.test(b.code))
      .map((b) => `${file}:${b.line}`),
  );
  expect(bad).toEqual([]);
});

test("benchmark figures appear only in docs/benchmarks.md", () => {
  // Timings, sizes, throughputs and ratios; a default such as "60 s" is a setting, not a figure.
  const figure = /\d\s?(ms|MB|KB|kB|µs|lines\/s)\b|\d\.\d+\s?[x×]\b/;
  const files = docFiles().filter((f) => f !== "docs/benchmarks.md");
  const found = files.flatMap((file) =>
    read(file)
      .split("\n")
      .map((text, i) => ({ text, at: `${file}:${i + 1}` }))
      .filter(({ text }) => figure.test(text))
      .map(({ at, text }) => `${at}: ${text.trim()}`),
  );
  expect(found).toEqual([]);
  expect(figure.test("cold 4.54x (747 / 166 ms)")).toBe(true); // the pattern can fail
});
