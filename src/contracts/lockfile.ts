/**
 * The lock file (`convex-versioned.lock.json`): what the app deployed, committed next to the code so
 * `check` has a baseline and review sees API changes as a diff. Written canonically and atomically;
 * read through a zod schema so a hand-edited or truncated file fails naming the field at fault.
 */
import { randomBytes } from "node:crypto";
import { lstat, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { InputError } from "../input-error.ts";
import type { AppSpec, LockFile } from "../model.ts";
import { serializeLockFile } from "./canonical.ts";
import { readJsonFile } from "./json-file.ts";
import { lockFileFast } from "./lock-fast.ts";

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
  const text = serializeLockFile(app);
  // The write is a rename over `file`: never do that to a device, a folder or a symlink (e.g.
  // `--out /dev/stdout` would replace the device link with a regular file).
  const existing = await lstat(file).catch(() => undefined);
  if (existing && !existing.isFile()) {
    throw new InputError(
      `${file}: not a regular file; the lock file is written by replacing the file atomically. Pass a file path to --out.`,
      file,
    );
  }
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx");
  try {
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
