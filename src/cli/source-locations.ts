/**
 * Where a function or one of its versions is declared, for annotations on a pull request's diff:
 * the module file (`messages:send` → `convex/messages.ts`, whichever extension exists) and the line
 * of its export or of its `.version("<label>"` call; and where a cron of `crons.ts` is registered.
 *
 * Found by scanning the module's text, not by parsing it: annotations are a courtesy, a scan costs
 * microseconds per module, and when it misses the annotation still names the file. compat/ and
 * report/ stay free of I/O; the commands hand this lookup to their GitHub renderers.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import type { CliIo } from "./io.ts";
import { resolveConvexDir } from "./options.ts";

export interface SourceLocation {
  /** Relative to the repository root, with forward slashes, as GitHub's `file=` expects. */
  file: string;
  /** 1-based; absent when the declaration was not found (the annotation then marks the file). */
  line?: number;
}

/**
 * Finds `function` (`module/path:export`) and, when given, its version `label`; `cron(name)` finds
 * the cron `name` of `crons.ts`.
 */
export type LocateSource = ((fn: string, label?: string) => SourceLocation | undefined) & {
  cron?: (name: string) => SourceLocation | undefined;
};

const EXTENSIONS = [".ts", ".tsx", ".js", ".jsx", ".mts", ".mjs", ".cts", ".cjs"];

/**
 * A lookup over the functions folder `convexDir`. Paths are made relative to `root`: the checkout
 * (`GITHUB_WORKSPACE`) in GitHub Actions, else the working directory; the runner only places an
 * annotation whose path is relative to the repository root, and a job may run in a subfolder.
 */
export function sourceLocator(
  convexDir: string,
  cwd: string,
  env: Record<string, string | undefined> = {},
): LocateSource {
  const modules = new Map<string, { file: string; text: string } | undefined>();
  const root =
    env.GITHUB_WORKSPACE && isAbsolute(env.GITHUB_WORKSPACE) ? env.GITHUB_WORKSPACE : cwd;
  const load = (module: string) => {
    if (modules.has(module)) return modules.get(module);
    let found: { file: string; text: string } | undefined;
    for (const ext of EXTENSIONS) {
      const path = join(
        isAbsolute(convexDir) ? convexDir : join(cwd, convexDir),
        `${module}${ext}`,
      );
      if (!existsSync(path)) continue;
      try {
        found = { file: shownFrom(root, cwd, path), text: readFileSync(path, "utf8") };
      } catch {
        found = undefined;
      }
      break;
    }
    modules.set(module, found);
    return found;
  };
  const locate: LocateSource = (fn, label) => {
    const colon = fn.lastIndexOf(":");
    const module = colon < 0 ? fn : fn.slice(0, colon);
    const exportName = colon < 0 ? "default" : fn.slice(colon + 1);
    const source = load(module);
    if (!source) return undefined;
    const line = findDeclarationLine(source.text, exportName, label);
    return line === undefined ? { file: source.file } : { file: source.file, line };
  };
  // A cron is fixed where it is registered; when its call is not found, at crons.ts's export.
  locate.cron = (name) => {
    const source = load("crons");
    if (!source) return undefined;
    const line = findCronLine(source.text, name) ?? findDeclarationLine(source.text, "default");
    return line === undefined ? { file: source.file } : { file: source.file, line };
  };
  return locate;
}

/**
 * The lookup for a command's `--convex-dir` flag. A functions folder that cannot be resolved (a bad
 * convex.json, when `check` runs on two spec files) only costs the annotations their place.
 */
export function locatorFor(convexDirFlag: string | undefined, io: CliIo): LocateSource {
  try {
    return sourceLocator(resolveConvexDir(convexDirFlag, io.cwd), io.cwd, io.env);
  } catch {
    return () => undefined;
  }
}

function shownFrom(root: string, cwd: string, path: string): string {
  for (const base of [root, cwd]) {
    const rel = relative(base, path);
    if (rel && !rel.startsWith("..") && !isAbsolute(rel)) return rel.split(sep).join("/");
  }
  return path.split(sep).join("/");
}

/**
 * The line of `label`'s `.version(` call when `label` is given and found (the first one after the
 * export, so two definitions in one module with the same label each get their own), else the line
 * of the export itself.
 */
export function findDeclarationLine(
  text: string,
  exportName: string,
  label?: string,
): number | undefined {
  const exported = findExport(text, exportName);
  if (label !== undefined) {
    const at = findVersionCall(text, label, exported ?? 0) ?? findVersionCall(text, label, 0);
    if (at !== undefined) return lineAt(text, at);
  }
  return exported === undefined ? undefined : lineAt(text, exported);
}

/** Offset of the name in `export const name`, `export function name`, `export const { …name… }`, … */
function findExport(text: string, name: string): number | undefined {
  const n = escapeRegExp(name);
  if (name === "default") {
    const m = /^[ \t]*export\s+default\b/m.exec(text);
    return m ? m.index + m[0].length - "default".length : undefined;
  }
  const direct = new RegExp(
    String.raw`^[ \t]*export\s+(?:declare\s+)?(?:(?:const|let|var)\s+|(?:async\s+)?function\s*\*?\s*)(${n})(?![\w$])`,
    "m",
  ).exec(text);
  if (direct) return direct.index + direct[0].length - name.length;
  // `export const { a, b: c } = …` binds a and c; `export { a, b as c }` exports a and c.
  const lists = /^[ \t]*export\s+(?:(?:const|let|var)\s*\{([^}]*)\}|\{([^}]*)\})/gm;
  for (const m of text.matchAll(lists)) {
    const destructured = m[1] !== undefined;
    const body = m[1] ?? m[2] ?? "";
    const bodyStart = m.index + m[0].indexOf("{") + 1;
    const separator = destructured ? ":" : String.raw`\s+as\s+`;
    const binding = new RegExp(
      String.raw`(?:^|,)\s*(?:(?:[\w$]+|"[^"]*"|'[^']*')${separator}\s*)?(${n})\s*(?=,|=|$)`,
      "g",
    );
    for (const b of body.matchAll(binding)) {
      const nameAt = b.index + b[0].length - b[0].slice(b[0].lastIndexOf(name)).length;
      return bodyStart + nameAt;
    }
  }
  return undefined;
}

/**
 * The line of the cron registration named `name` (`crons.interval("name", …)`, `.cron(`, `.hourly(`,
 * `.daily(`, `.weekly(`, `.monthly(`), whatever the `cronJobs()` object is called; the name may be
 * on the next line, as formatters put it. Undefined when not found (a name built at run time).
 */
export function findCronLine(text: string, name: string): number | undefined {
  const quoted = ['"', "'", "`"].map((q) => `${q}${escapeRegExp(name)}${q}`).join("|");
  const m = new RegExp(
    String.raw`\.(?:interval|cron|hourly|daily|weekly|monthly)\(\s*(?:${quoted})\s*,`,
  ).exec(text);
  return m ? lineAt(text, m.index) : undefined;
}

function findVersionCall(text: string, label: string, from: number): number | undefined {
  const quoted = ['"', "'", "`"].map((q) => `${q}${escapeRegExp(label)}${q}`).join("|");
  const re = new RegExp(String.raw`\.version\(\s*(?:${quoted})`, "g");
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
