/**
 * The esbuild plugins of the CLI's build (scripts/bundle-cli.mjs), apart so that tests can run
 * them (test/package/cli-build.test.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Node's built-in modules load on first use, not at start. An ES import of `node:fs` builds a
 * namespace of every export, and reading its `ReadStream` loads Node's whole stream stack; importing
 * `node:child_process` (commander does, so do `--baseline git:` and the checker) loads sockets and
 * streams too: together ~25 ms of a warm `check` that spawns nothing. Each built-in becomes an
 * object of getters (its export names read here, at build time) that `require()` it when first read.
 *
 * esbuild hands each importing module its own copy of such an object (`__toESM` defines a getter
 * per export): with every export of `node:fs` and `node:path` that was ~3,500 getters defined at
 * each start. A module of ours gets getters for the names it imports; CommonJS code (commander)
 * and anything not read plainly here gets them all.
 */
/** An import's `{ a, type B, c as d }` list as [imported, local] pairs, type-only ones left out. */
function namedBindings(list) {
  const out = [];
  for (const part of list.split(",")) {
    const item = part.trim();
    if (item === "" || item.startsWith("type ")) continue;
    const [name, local = name] = item.split(/\s+as\s+/).map((word) => word.trim());
    out.push([name, local]);
  }
  return out;
}

/** Each importer's source, read once. */
const sources = new Map();
/** The names `importer` imports from `builtin` (`import { a, b as c } from "node:x"`), or undefined. */
function namesImported(importer, builtin) {
  let source = sources.get(importer);
  if (source === undefined) {
    source = existsSync(importer) ? readFileSync(importer, "utf8") : "";
    sources.set(importer, source);
  }
  const names = new Set();
  const statement = /import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g;
  for (const [, list, from] of source.matchAll(statement)) {
    if (from !== builtin) continue;
    for (const [name] of namedBindings(list)) {
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
      names.add(name);
    }
  }
  // Another form (a namespace or default import) would need every name.
  const other = new RegExp(`import\\s+(\\*|[A-Za-z_$][\\w$]*)[^;]*from\\s*"${builtin}"`);
  return names.size > 0 && !other.test(source) ? [...names].sort() : undefined;
}

export const lazyBuiltins = {
  name: "lazy-builtins",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => {
      if (args.namespace === "builtin") return { path: args.path, external: true };
      const names =
        args.kind === "import-statement" ? namesImported(args.importer, args.path) : undefined;
      return { path: names ? `${args.path}?${names.join(",")}` : args.path, namespace: "builtin" };
    });
    build.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => {
      const [builtin, list] = args.path.split("?");
      const names =
        list?.split(",") ?? Object.keys(require(builtin)).filter((name) => name !== "default");
      const getters = names
        .map(
          (name) =>
            `${JSON.stringify(name)}: { get: () => load()[${JSON.stringify(name)}], enumerable: true }`,
        )
        .join(",\n");
      return {
        contents: `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(builtin)}));\nObject.defineProperties(module.exports, {\n${getters}\n});\n`,
        loader: "js",
      };
    });
  },
};

/** The packages the CLI leaves to the app (or to our dependencies). */
export const EXTERNAL = ["convex", "convex-helpers", "zod", "esbuild", "typescript"];
const externalSpecifier = new RegExp(`^(?:${EXTERNAL.join("|")})(?:/.*)?$`);

/**
 * One file and lazy packages. In a bundle that is not split, esbuild hoists a module's static
 * imports of external packages to the top of the file, so every run would load zod and the
 * checker, however deep in a command they are used (the ~1.2x a one-file CLI measured before this
 * plugin). Each such import in our sources becomes an `await import()` in the module itself, which
 * esbuild then initializes on first use like any lazily imported module. Any other form of a
 * package import fails the build, naming the file.
 */
export function awaitedImport(clause, specifier, file) {
  const named = clause.match(/^(?:([A-Za-z_$][\w$]*)\s*,\s*)?\{([^}]*)\}$/);
  const bindings = [];
  if (/^\*\s+as\s+[A-Za-z_$][\w$]*$/.test(clause))
    return `const ${clause.split(/\s+/).pop()} = await import(${JSON.stringify(specifier)});`;
  if (named) {
    if (named[1]) bindings.push(`default: ${named[1]}`);
    for (const [name, local] of namedBindings(named[2])) {
      bindings.push(name === local ? name : `${name}: ${local}`);
    }
  } else if (/^[A-Za-z_$][\w$]*$/.test(clause)) bindings.push(`default: ${clause}`);
  else throw new Error(`${file}: cannot make \`import ${clause} from "${specifier}"\` lazy`);
  return bindings.length === 0
    ? ""
    : `const { ${bindings.join(", ")} } = await import(${JSON.stringify(specifier)});`;
}

export const lazyExternals = {
  name: "lazy-externals",
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.tsx?$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      let changed = false;
      const contents = source.replace(
        /^import\s+(?!type\s)([^;"']*?)\s*from\s*"([^"]+)";/gm,
        (statement, clause, specifier) => {
          if (!externalSpecifier.test(specifier)) return statement;
          changed = true;
          return awaitedImport(clause.trim(), specifier, args.path);
        },
      );
      // What is left: side-effect imports and re-exports (type-only ones are erased).
      const left = /^(?:import\s*|(?:import|export)\s+(?!type\s)[^;"']*?from\s*)["']([^"']+)["']/gm;
      for (const m of contents.matchAll(left)) {
        if (externalSpecifier.test(m[1]))
          throw new Error(`${args.path}: a package import this build cannot make lazy: ${m[0]}`);
      }
      return changed ? { contents, loader: args.path.endsWith("x") ? "tsx" : "ts" } : undefined;
    });
  },
};
