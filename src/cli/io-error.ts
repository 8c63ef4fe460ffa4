/**
 * A file-system failure (`--out` into a missing or read-only folder, a full disk, a read-only
 * node_modules) is a problem with the user's environment, not a bug: it becomes an input error
 * naming the path and the cause (exit 2, no stack trace).
 */
import { InputError } from "../input-error.ts";

const CAUSES: Record<string, string> = {
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "it is a folder",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EEXIST: "it already exists",
  EMFILE: "too many open files",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
};

/** The input error for `error` when it is a file-system failure with a path, else undefined. */
export function ioInputError(error: unknown): InputError | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.code !== "string" || !(e.code in CAUSES)) return undefined;
  const path = e.path ?? (e as { dest?: string }).dest;
  if (!path) return undefined;
  return new InputError(
    `${path}: ${CAUSES[e.code]} (${e.code}, during ${e.syscall ?? "I/O"}).`,
    path,
  );
}
