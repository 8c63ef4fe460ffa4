/**
 * The call a recorded build makes that a breaking finding is about, from the build's own surface:
 * the function and the names of the args it sends, and for a finding on the result, the part it
 * reads. Names only, never values: a surface holds shapes. `check` lists these on a finding
 * (`calls` in JSON) and shows them beside it (src/compat/render/calls.ts).
 */
import type { SurfaceCall } from "../compat/types.ts";
import type { SurfaceFunction } from "./canonical.ts";

function argNames(fn: SurfaceFunction): string[] | undefined {
  const args = fn.args.type === "any" ? fn.argsInferred : fn.args;
  return args?.type === "object" ? Object.keys(args.value) : undefined;
}

/** How the build `label` calls `name` (its surface's `fn`), for a finding at `path`. */
export function surfaceCall(
  label: string,
  name: string,
  fn: SurfaceFunction,
  path: string | undefined,
): SurfaceCall {
  const args = argNames(fn);
  return {
    surface: label,
    function: name,
    ...(args ? { args } : {}),
    ...(path?.startsWith("returns") ? { reads: path } : {}),
  };
}
