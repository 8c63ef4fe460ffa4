/** The README keeps its promises: a two-command quickstart, and a rule reference in step with the table. */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { END, rulesMarkdown, START } from "../scripts/rules-doc.ts";

const readme = readFileSync("README.md", "utf8");
const squash = (text: string) => text.replace(/\s+/g, " ").trim();

test("the quickstart is exactly two commands: the demo and the tests", () => {
  const section = readme.slice(readme.indexOf("## Quickstart"), readme.indexOf("## Install"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  const lines = block
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean);
  expect(lines).toEqual(["npm ci && npm run demo", "npm test"]);
});

test("the rule reference matches the rule table (regenerate: npx tsx scripts/rules-doc.ts --write)", () => {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  expect(start).toBeGreaterThan(0);
  expect(squash(readme.slice(start, end + END.length))).toBe(squash(rulesMarkdown()));
});
