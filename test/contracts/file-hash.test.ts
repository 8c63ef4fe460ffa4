/**
 * A cache entry's recorded files: unchanged files are recognised by their stat identity without
 * being read, and a rewrite is always seen, even one that keeps the size and puts the mtime back
 * (package managers extract files with fixed mtimes; ctime cannot be set back).
 */
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { record, unchangedSince } from "../../src/contracts/file-hash.ts";

const dir = mkdtempSync(join(tmpdir(), "cv-file-hash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("a rewrite with the same size and the old mtime is still a change", async () => {
  const file = join(dir, "index.d.ts");
  writeFileSync(file, "export interface Customer { email: string }\n");
  const mtime = new Date("1985-10-26T08:15:00Z");
  utimesSync(file, mtime, mtime);
  const recorded = record(file);
  expect(unchangedSince(file, recorded)).toBe(true);
  await new Promise((r) => setTimeout(r, 20)); // a later ctime
  writeFileSync(file, "export interface Customer { phone: string }\n");
  utimesSync(file, mtime, mtime);
  expect(statSync(file).mtimeMs).toBe(mtime.getTime());
  expect(unchangedSince(file, recorded)).toBe(false);
});

it("the same content written again is unchanged (by its hash), and a deleted file is a change", () => {
  const file = join(dir, "same.d.ts");
  writeFileSync(file, "export type A = 1;\n");
  const recorded = record(file);
  writeFileSync(file, "export type A = 1;\n");
  expect(unchangedSince(file, recorded)).toBe(true);
  rmSync(file);
  expect(unchangedSince(file, recorded)).toBe(false);
});

it("entries written before stat identities were recorded (a bare hash) still verify", () => {
  const file = join(dir, "old.d.ts");
  writeFileSync(file, "export type B = 2;\n");
  const recorded = record(file);
  const bare = typeof recorded === "string" ? recorded : recorded.hash;
  expect(unchangedSince(file, bare)).toBe(true);
});
