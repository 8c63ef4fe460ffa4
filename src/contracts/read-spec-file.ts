/**
 * `check --baseline FILE` / `--current FILE` accept either a lock file or function-spec output;
 * this sniffs which one a file is and reads it into an AppSpec.
 */
import { InputError } from "../input-error.ts";
import type { AppSpec } from "../model.ts";
import { readJsonFile } from "./json-file.ts";
import { parseLockFile } from "./lockfile.ts";

/** `npx convex function-spec` output: a `functions` array, no `lockfileVersion`. */
function isFunctionSpecJson(json: unknown): boolean {
  return (
    typeof json === "object" &&
    json !== null &&
    !("lockfileVersion" in json) &&
    Array.isArray((json as { functions?: unknown }).functions)
  );
}

/** Reads parsed JSON (a lock file or function-spec output) as an AppSpec; `file` names it. */
export async function specFromJson(json: unknown, file: string): Promise<AppSpec> {
  if (isFunctionSpecJson(json)) {
    // With its zod schema, loaded only for such files.
    const { parseFunctionSpec } = await import("./function-spec.ts");
    return parseFunctionSpec(json, file);
  }
  if (typeof json === "object" && json !== null && "lockfileVersion" in json) {
    const { lockfileVersion: _version, ...app } = await parseLockFile(json, file);
    return app;
  }
  throw new InputError(
    `${file}: neither a convex-versioned lock file (no "lockfileVersion") nor \`npx convex function-spec\` output (no "functions" array).`,
    file,
  );
}

/**
 * Reads a lock file or function-spec file into an AppSpec. Throws InputError naming the file
 * (`name`, default the path: pass the path as the user wrote it); `onRead` sees its bytes.
 */
export async function readSpecFile(
  file: string,
  name = file,
  onRead?: (bytes: Buffer) => void,
): Promise<AppSpec> {
  return specFromJson(await readJsonFile(file, name, onRead), name);
}
