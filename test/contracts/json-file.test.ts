/**
 * readJsonFile: the CLI's input JSON (locks, specs) read as bytes and decoded in one call; errors
 * name the file.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { readJsonFile } from "../../src/contracts/json-file.ts";

const dir = mkdtempSync(join(tmpdir(), "cv-json-"));

it("decodes ASCII and UTF-8 files alike, literals beyond ASCII included", async () => {
  const value = { literal: "café — 日本 😀", n: 1, list: ["a", "b"] };
  for (const [name, text] of [
    ["ascii.json", JSON.stringify({ literal: "plain", n: 1 })],
    ["utf8.json", JSON.stringify(value, null, 2)],
  ] as const) {
    writeFileSync(join(dir, name), text);
    expect(await readJsonFile(join(dir, name))).toEqual(JSON.parse(text));
  }
  expect(await readJsonFile(join(dir, "utf8.json"))).toEqual(value);
});

it("names the file when it is missing, empty or cut off", async () => {
  await expect(readJsonFile(join(dir, "nope.json"), "nope.json")).rejects.toThrow(
    "nope.json: cannot read it (no such file).",
  );
  writeFileSync(join(dir, "empty.json"), "  \n");
  await expect(readJsonFile(join(dir, "empty.json"), "empty.json")).rejects.toThrow(
    "empty.json: the file is empty; expected JSON.",
  );
  writeFileSync(join(dir, "cut.json"), '{ "functions": { "a": ');
  await expect(readJsonFile(join(dir, "cut.json"), "cut.json")).rejects.toThrow(
    /cut\.json: not valid JSON .*The file looks truncated; regenerate it\./,
  );
});
