/**
 * Which of the app's own files each function module's types can depend on: the module plus every
 * local file it reaches through imports, type-only imports and `/// <reference>`s, resolved with
 * the app's compiler options (so `paths` and `.js`-for-`.ts` specifiers resolve as `tsc` does).
 * Installed packages are left out: their versions are part of the cache key instead.
 *
 * It reads import specifiers with the compiler's scanner (`preProcessFile`), no parse or check, so
 * a cache lookup costs milliseconds and only modules whose closure changed are type-checked again.
 */
import { dirname, resolve } from "node:path";
import type { EntryFile } from "./entries.ts";
import ts from "./ts.ts";

/** Entry path → the sorted absolute paths of its local closure (itself included). */
export function localClosures(
  entries: EntryFile[],
  options: ts.CompilerOptions,
  readFile: (path: string) => string | undefined = ts.sys.readFile,
): Map<string, string[]> {
  const cache = ts.createModuleResolutionCache(process.cwd(), (f) => f, options);
  const direct = new Map<string, string[]>();
  const depsOf = (file: string): string[] => {
    const known = direct.get(file);
    if (known) return known;
    const deps: string[] = [];
    direct.set(file, deps);
    const text = readFile(file);
    if (text === undefined) return deps;
    const info = ts.preProcessFile(text, true, true);
    for (const { fileName } of info.importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, options, ts.sys, cache).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport)
        deps.push(resolve(resolved.resolvedFileName));
    }
    for (const { fileName } of info.referencedFiles) deps.push(resolve(dirname(file), fileName));
    return deps;
  };
  const closures = new Map<string, string[]>();
  for (const entry of entries) {
    const seen = new Set<string>([resolve(entry.path)]);
    const queue = [...seen];
    while (queue.length > 0) {
      for (const dep of depsOf(queue.pop()!)) {
        if (!seen.has(dep)) {
          seen.add(dep);
          queue.push(dep);
        }
      }
    }
    closures.set(entry.path, [...seen].sort());
  }
  return closures;
}
