/**
 * The lock file (`convex-versioned.lock.json`): what the app deployed, committed next to the code so
 * `check` has a baseline and review sees API changes as a diff. Written canonically and atomically;
 * read through a zod schema so a hand-edited or truncated file fails naming the field at fault.
 */
import type { AppSpec, LockFile } from "../model.ts";
import { serializeLockFile } from "./canonical.ts";
import { readJsonFile } from "./json-file.ts";
import { lockFileFast } from "./lock-fast.ts";
import { writeFileAtomic } from "./write-atomic.ts";

export { LOCK_FILE_NAME } from "./lock-name.ts";

/**
 * Validates parsed JSON as a lock file; `file` names it in errors. A plain check first; the zod
 * schema (loaded only then) for anything it is unsure of, and for the error message.
 */
export async function parseLockFile(json: unknown, file: string): Promise<LockFile> {
  const fast = lockFileFast(json);
  if (fast) return fast;
  const [{ parseOrThrow }, { lockFileSchema }] = await Promise.all([
    import("./issues.ts"),
    import("./schema.ts"),
  ]);
  return parseOrThrow(lockFileSchema, json, file, "convex-versioned lock file") as LockFile;
}

/** Reads and validates a lock file. Throws InputError when missing, truncated or malformed. */
export async function readLockFile(file: string, name = file): Promise<LockFile> {
  return await parseLockFile(await readJsonFile(file, name), name);
}

/**
 * Writes `app` as a canonical lock file. Atomic: the bytes go to a temp file in the same folder,
 * are fsynced, then renamed over `file`, so a crash or a full disk never leaves half a lock file.
 */
export async function writeLockFile(file: string, app: AppSpec): Promise<void> {
  await writeFileAtomic(file, serializeLockFile(app), "Pass a file path to --out.");
}
