/** Reading an export's metadata back (for tools, tests and the CLI's loader). */
import { META, type VersionedExportMeta } from "../meta.ts";

/** The versioned metadata of a function made by `defineVersioned`, or undefined for any other value. */
export function describeVersioned(fn: unknown): VersionedExportMeta | undefined {
  if ((typeof fn !== "function" && typeof fn !== "object") || fn === null) return undefined;
  return (fn as { [META]?: VersionedExportMeta })[META];
}
