/**
 * Writing a file the CLI owns (the lock file, a client surface, the skew beacon) so that a crash or a
 * full disk never leaves half of it: the bytes go to a temp file in the same folder, are fsynced,
 * then renamed over the target.
 */
import { randomBytes } from "node:crypto";
import { lstat, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { InputError } from "../input-error.ts";

/**
 * Writes `text` to `file` atomically. `flagHint` ends the error for a target that is not a regular
 * file (e.g. "Pass a file path to --out.").
 */
export async function writeFileAtomic(file: string, text: string, flagHint = ""): Promise<void> {
  // The write is a rename over `file`: never do that to a device, a folder or a symlink (e.g.
  // `--out /dev/stdout` would replace the device link with a regular file).
  const existing = await lstat(file).catch(() => undefined);
  if (existing && !existing.isFile()) {
    throw new InputError(
      `${file}: not a regular file; it is written by replacing the file atomically.${flagHint ? ` ${flagHint}` : ""}`,
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
