/** Paths to the fixture apps and throwaway folders for spec and CLI tests. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
export const chatBefore = join(fixtures, "chat/before/convex");
export const chatAfter = join(fixtures, "chat/after/convex");
export const envApp = join(fixtures, "env-app/convex");

/** A fresh empty folder outside the repository. */
export function tempDir(prefix = "cv-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
