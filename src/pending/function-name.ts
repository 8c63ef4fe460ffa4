/**
 * A stored function name as the CLI keys functions. Scheduled jobs store `"dir/mod.js:fn"`; crons
 * store what `getFunctionName` gives (`"dir/mod:fn"`); a name without `:` is the module's default
 * export, as Convex resolves it. Kept free of imports: the loader's runtime (bundled into the app's
 * code at load time) uses it for crons.
 */
export function normaliseFunctionName(name: string): string {
  const colon = name.lastIndexOf(":");
  const module = colon < 0 ? name : name.slice(0, colon);
  const exported = colon < 0 || colon === name.length - 1 ? "default" : name.slice(colon + 1);
  return `${module.replace(/\.(js|ts|jsx|tsx|mjs|cjs)$/, "")}:${exported}`;
}
