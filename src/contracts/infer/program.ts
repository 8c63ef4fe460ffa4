/**
 * One `ts.Program` over a convex/ folder's function modules, with the app's own compiler options.
 * Node-only, and the only place that creates programs: the server entry never reaches this file.
 */
import { dirname } from "node:path";
import { DEFAULT_COMPILER_OPTIONS, FORCED_COMPILER_OPTIONS, findTsconfig } from "./inputs.ts";
import ts from "./ts.ts";

export { findTsconfig };

/** The shared option sets (`inputs.ts`) in this compiler's enum form. */
const toOptions = (json: object): ts.CompilerOptions =>
  ts.convertCompilerOptionsFromJson(json, process.cwd()).options;
const DEFAULT_OPTIONS = toOptions(DEFAULT_COMPILER_OPTIONS);
const FORCED_OPTIONS: ts.CompilerOptions = {
  ...toOptions(FORCED_COMPILER_OPTIONS),
  tsBuildInfoFile: undefined,
};

export interface LoadedOptions {
  options: ts.CompilerOptions;
  /** The tsconfig used, or undefined for defaults. */
  configFile: string | undefined;
  diagnostics: string[];
}

export function loadCompilerOptions(convexDir: string, explicit?: string): LoadedOptions {
  const configFile = findTsconfig(convexDir, explicit);
  const diagnostics: string[] = [];
  if (!configFile)
    return { options: { ...DEFAULT_OPTIONS, ...FORCED_OPTIONS }, configFile, diagnostics };
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  if (read.error) {
    diagnostics.push(`${configFile}: ${flatten(read.error)}; using default compiler options`);
    return {
      options: { ...DEFAULT_OPTIONS, ...FORCED_OPTIONS },
      configFile: undefined,
      diagnostics,
    };
  }
  // Only the options matter: the program's files are the convex/ entry points, not `include`.
  const parsed = ts.parseJsonConfigFileContent(
    read.config,
    ts.sys,
    dirname(configFile),
    undefined,
    configFile,
  );
  for (const d of parsed.errors) {
    // "No inputs were found" is about `include`, which we do not use.
    if (d.code !== 18003) diagnostics.push(`${configFile}: ${flatten(d)}`);
  }
  return { options: { ...parsed.options, ...FORCED_OPTIONS }, configFile, diagnostics };
}

/**
 * Declaration files (lib, convex, node types) parsed once per process: a check compares two
 * programs and the bench runs several, and these are most of the parse time.
 */
const declarationCache = new Map<string, ts.SourceFile>();

/** Forgets the parsed declaration files (benchmarks use it to measure a cold run in one process). */
export function clearDeclarationCache(): void {
  declarationCache.clear();
}

export function createInferProgram(rootNames: string[], options: ts.CompilerOptions): ts.Program {
  const host = ts.createCompilerHost(options, true);
  // JSDoc in .ts/.d.ts files never changes a type (in .js files it does, and is still parsed):
  // skipping it is what tsserver does for type info, and saves part of parsing 5 MB of declarations.
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeInfo;
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.endsWith(".d.ts") || !isShared(fileName)) {
      return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    }
    const key =
      typeof languageVersion === "object"
        ? `${languageVersion.languageVersion}|${languageVersion.impliedNodeFormat}|${fileName}`
        : `${languageVersion}|${fileName}`;
    let file = declarationCache.get(key);
    if (!file) {
      file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (file) declarationCache.set(key, file);
    }
    return file;
  };
  return ts.createProgram({ rootNames, options, host });
}

/** Files that do not change between two runs in one process: installed packages and the TS libs. */
function isShared(fileName: string): boolean {
  return fileName.includes("/node_modules/");
}

function flatten(d: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(d.messageText, "\n");
}
