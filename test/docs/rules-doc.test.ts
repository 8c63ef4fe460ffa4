/** docs/rules.md's rule reference is the rule table, as scripts/rules-doc.ts generates it. */
import { expect, test } from "vitest";
import { END, RULES_DOC, rulesMarkdown, START } from "../../scripts/rules-doc.ts";
import { read } from "./markdown.ts";

test("the rule reference matches the rule table (regenerate: npx tsx scripts/rules-doc.ts --write)", () => {
  const doc = read(RULES_DOC);
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  expect(start).toBeGreaterThan(0);
  expect(doc.slice(start, end + END.length)).toBe(rulesMarkdown());
});

test("no other document carries a copy of the generated reference", () => {
  for (const file of ["README.md", "docs/cli.md", "CONTRIBUTING.md"]) {
    expect(read(file)).not.toContain(START);
  }
});
