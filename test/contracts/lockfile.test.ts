/**
 * The lock file: canonical bytes (the same app always writes the same file), atomic writes, and
 * reads that fail naming the file and the field.
 */
import { lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serializeLockFile } from "../../src/contracts/canonical.ts";
import { loadConvexDir } from "../../src/contracts/load.ts";
import { parseLockFile, readLockFile, writeLockFile } from "../../src/contracts/lockfile.ts";
import { InputError } from "../../src/input-error.ts";
import type { AppSpec } from "../../src/model.ts";
import { chatBefore, tempDir } from "./helpers.ts";

const { warnings: _w, ...chat } = await loadConvexDir(chatBefore);

/** The same JSON value with every object's keys in a random order. */
function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).sort(() => random() - 0.5);
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, random)]));
}

describe("serializeLockFile", () => {
  it("is independent of key order anywhere in the app", () => {
    const expected = serializeLockFile(chat);
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        let state = seed;
        const random = () => {
          state = (state * 1103515245 + 12345) & 0x7fffffff;
          return state / 0x7fffffff;
        };
        expect(serializeLockFile(shuffleKeys(chat, random) as AppSpec)).toBe(expected);
      }),
      { numRuns: 25 },
    );
  });

  it("sorts functions and validator keys, keeps a readable function field order, ends with a newline", () => {
    const text = serializeLockFile(chat);
    const lock = JSON.parse(text);
    expect(Object.keys(lock)).toEqual(["lockfileVersion", "functions", "httpRoutes"]);
    const ids = Object.keys(lock.functions);
    expect(ids).toEqual([...ids].sort());
    expect(Object.keys(lock.functions["messages:send"])).toEqual([
      "kind",
      "visibility",
      "args",
      "returns",
      "versioned",
    ]);
    // profiles:get declares user, displayName, bio; the lock lists them sorted.
    expect(Object.keys(lock.functions["profiles:get"].returns.value)).toEqual([
      "bio",
      "displayName",
      "user",
    ]);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "lockfileVersion": 1,\n');
  });

  it("round-trips: read(write(app)) serialises to the same bytes", async () => {
    const file = join(tempDir(), "convex-versioned.lock.json");
    await writeLockFile(file, chat);
    const { lockfileVersion: _v, ...back } = await readLockFile(file);
    expect(serializeLockFile(back)).toBe(readFileSync(file, "utf8"));
  });
});

describe("writeLockFile", () => {
  it("replaces the file and leaves no temp file behind", async () => {
    const dir = tempDir();
    const file = join(dir, "lock.json");
    writeFileSync(file, "old");
    await writeLockFile(file, { functions: {} });
    expect(readFileSync(file, "utf8")).toBe('{\n  "lockfileVersion": 1,\n  "functions": {}\n}\n');
    expect(readdirSync(dir)).toEqual(["lock.json"]);
  });
});

describe("readLockFile errors", () => {
  async function errorFor(text: string | undefined): Promise<InputError> {
    const file = join(tempDir(), "convex-versioned.lock.json");
    if (text !== undefined) writeFileSync(file, text);
    const error = await readLockFile(file, "convex-versioned.lock.json").catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    return error;
  }

  it("names a wrong kind with the allowed values", async () => {
    const lock = JSON.parse(serializeLockFile(chat));
    lock.functions["messages:send"].kind = "subscription";
    const error = await errorFor(JSON.stringify(lock));
    expect(error.message).toContain(
      'convex-versioned.lock.json: functions["messages:send"].kind must be "query" | "mutation" | "action"',
    );
    expect(error.field).toBe('functions["messages:send"].kind');
  });

  it("names a bad validator deep inside args", async () => {
    const lock = JSON.parse(serializeLockFile(chat));
    lock.functions["channels:get"].args.value.id.fieldType = { type: "id" };
    const error = await errorFor(JSON.stringify(lock));
    expect(error.message).toContain(
      'functions["channels:get"].args.value.id.fieldType.tableName is missing (expected a string)',
    );
    lock.functions["channels:get"].args.value.id.fieldType = { type: 42 };
    expect((await errorFor(JSON.stringify(lock))).message).toContain(
      'functions["channels:get"].args.value.id.fieldType.type has an unknown or missing "type"',
    );
  });

  it("carries a validator kind it does not know (a newer Convex's), and commitTs and function handles", async () => {
    const lock = JSON.parse(serializeLockFile(chat));
    const kinds = [
      { type: "uuid", version: 4 },
      { type: "commitTs" },
      { type: "function", fnType: "mutation", args: { type: "object", value: {} } },
    ];
    for (const fieldType of kinds) {
      lock.functions["channels:get"].args.value.id.fieldType = fieldType;
      const parsed = await parseLockFile(lock, "convex-versioned.lock.json");
      expect(parsed.functions["channels:get"]!.args).toMatchObject({
        value: { id: { fieldType } },
      });
    }
  });

  it("names a bad date in a version's lifecycle", async () => {
    const lock = JSON.parse(serializeLockFile(chat));
    lock.functions["messages:send"].versioned.versions[1].deprecated.removeAfter = "December";
    const error = await errorFor(JSON.stringify(lock));
    expect(error.message).toContain(
      'functions["messages:send"].versioned.versions[1].deprecated.removeAfter must be a date as YYYY-MM-DD',
    );
  });

  it("says a truncated file looks truncated, and a missing file is missing", async () => {
    const truncated = await errorFor(serializeLockFile(chat).slice(0, 500));
    expect(truncated.message).toMatch(
      /^convex-versioned\.lock\.json: not valid JSON .*looks truncated/,
    );
    expect((await errorFor(undefined)).message).toBe(
      "convex-versioned.lock.json: cannot read it (no such file).",
    );
    expect((await errorFor("")).message).toContain("the file is empty");
  });

  it("rejects an unknown lock file version", async () => {
    const error = await errorFor('{"lockfileVersion": 2, "functions": {}}');
    expect(error.message).toContain("lockfileVersion must be 1 (got number 2)");
  });
});

it("writeLockFile refuses to replace a non-regular file (a device, a symlink, a folder)", async () => {
  await expect(writeLockFile("/dev/null", { functions: {} })).rejects.toThrow(/not a regular file/);
  expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
});
