/**
 * A cache entry's recorded files: unchanged files are recognised by their stat identity without
 * being read, and a rewrite is always seen, even one that keeps the size and puts the mtime back
 * (package managers extract files with fixed mtimes; ctime cannot be set back).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";
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

/** A fresh copy of the module: what the next process starts with (nothing hashed in memory). */
async function nextRun(): Promise<typeof import("../../src/contracts/file-hash.ts")> {
  vi.resetModules();
  return import("../../src/contracts/file-hash.ts");
}

it("a later run takes an unchanged file's hash from the memo without reading it; a rewrite is read", async () => {
  const cache = mkdtempSync(join(dir, "cache-"));
  const file = join(dir, "fns.ts");
  writeFileSync(file, "export const a = 1;\n");
  const first = await nextRun();
  first.useHashMemo(cache);
  const real = first.contentHash(file);
  first.saveHashMemo();
  const memoFile = join(cache, "file-hashes.json");
  const stored = JSON.parse(readFileSync(memoFile, "utf8")) as Record<string, [string, string]>;
  expect(stored[file]).toEqual([first.statIdentity(file), real]);

  // The memo is trusted for the identity it recorded: a planted hash comes back unread.
  stored[file] = [stored[file]![0], "planted"];
  writeFileSync(memoFile, JSON.stringify(stored));
  const second = await nextRun();
  second.useHashMemo(cache);
  expect(second.contentHash(file)).toBe("planted");

  await new Promise((r) => setTimeout(r, 20)); // a later ctime
  writeFileSync(file, "export const a = 2;\n");
  const third = await nextRun();
  third.useHashMemo(cache);
  const rewritten = third.contentHash(file);
  expect(rewritten).not.toBe("planted");
  expect(rewritten).not.toBe(real);
  third.saveHashMemo();
  expect(JSON.parse(readFileSync(memoFile, "utf8"))[file][1]).toBe(rewritten);
});

it("a memo that is not JSON, or not a map of pairs, is ignored", async () => {
  const cache = mkdtempSync(join(dir, "cache-"));
  const file = join(dir, "other.ts");
  writeFileSync(file, "export const b = 1;\n");
  for (const content of ["{ truncated", "[1,2]", JSON.stringify({ [file]: ["x"] })]) {
    writeFileSync(join(cache, "file-hashes.json"), content);
    const run = await nextRun();
    run.useHashMemo(cache);
    expect(run.contentHash(file)).toMatch(/^[\w-]{22}$/);
  }
});

it("knownHash answers from what was hashed, never by reading; hashRead records bytes read elsewhere", async () => {
  const hashes = await nextRun();
  const file = join(dir, "lock.json");
  writeFileSync(file, '{ "lockfileVersion": 1 }\n');
  expect(hashes.knownHash(file)).toBeUndefined();
  const identity = hashes.statIdentity(file)!;
  const hash = hashes.hashRead(file, identity, readFileSync(file));
  expect(hashes.knownHash(file)).toBe(hash);
  // The same hash contentHash computes, so either reader can record it.
  expect((await nextRun()).contentHash(file)).toBe(hash);
  await new Promise((r) => setTimeout(r, 20)); // a later ctime
  writeFileSync(file, '{ "lockfileVersion": 1 }\n');
  expect(hashes.knownHash(file)).toBeUndefined();
  rmSync(file);
  expect(hashes.knownHash(file)).toBeUndefined();
});

it("saving keeps what this run saw without statting it again, and drops loaded pairs whose file is gone", async () => {
  const cache = mkdtempSync(join(dir, "cache-"));
  const kept = join(dir, "kept.ts");
  const gone = join(dir, "gone.ts");
  const seen = join(dir, "seen.ts");
  for (const file of [kept, gone, seen]) writeFileSync(file, `export const x = "${file}";\n`);
  const first = await nextRun();
  first.useHashMemo(cache);
  for (const file of [kept, gone, seen]) first.contentHash(file);
  first.saveHashMemo();
  rmSync(gone);

  const second = await nextRun();
  second.useHashMemo(cache);
  second.contentHash(seen);
  const fresh = join(dir, "fresh.ts");
  writeFileSync(fresh, "export const y = 1;\n");
  second.contentHash(fresh);
  // Rewritten after this run saw it: its pair still holds (the new file has a new identity).
  const seenPair = [second.statIdentity(seen), second.contentHash(seen)];
  await new Promise((r) => setTimeout(r, 20)); // a later ctime
  writeFileSync(seen, "export const x = 2;\n");
  second.saveHashMemo();
  const stored = JSON.parse(readFileSync(join(cache, "file-hashes.json"), "utf8"));
  expect(Object.keys(stored).sort()).toEqual([fresh, kept, seen].sort());
  expect(stored[seen]).toEqual(seenPair);
  const third = await nextRun();
  third.useHashMemo(cache);
  expect(third.contentHash(seen)).not.toBe(seenPair[1]);
});
