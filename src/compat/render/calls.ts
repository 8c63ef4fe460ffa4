/**
 * The sentence beside a breaking finding that names the client builds it breaks and the call each
 * makes: "Breaks: mobile@2.1.0 and web@a1 call `messages:send({ body })`; web@v0 calls
 * `messages:send({ author, body })`." Builds making the same call share one phrase.
 */
import type { Finding, SurfaceCall } from "../types.ts";

/** Arg names shown in a call before the rest is elided. */
export const MAX_CALL_ARGS = 4;
/** Phrases (distinct calls) shown before the rest is counted. */
const MAX_PHRASES = 3;
/** Builds named in one phrase before the rest is counted. */
const MAX_LABELS = 5;

/** The top-level arg a finding's path is under: `args.items[].kind` → `items`. */
function focusArg(path: string | undefined): string | undefined {
  return path?.startsWith("args.") ? /^args\.([^.[]+)/.exec(path)?.[1] : undefined;
}

/**
 * `{ author, body }`: at most `MAX_CALL_ARGS` names, always including the one the finding is
 * about, and `…` wherever names are left out; `…` alone when the build's args are not known.
 */
export function argsText(args: readonly string[] | undefined, focus?: string): string {
  if (!args) return "…";
  if (args.length === 0) return "{}";
  let shown = args.map((_, i) => i).slice(0, MAX_CALL_ARGS);
  const at = focus === undefined ? -1 : args.indexOf(focus);
  if (at >= MAX_CALL_ARGS) shown = [...shown.slice(0, MAX_CALL_ARGS - 1), at];
  const parts: string[] = [];
  let next = 0;
  for (const i of shown) {
    if (i > next) parts.push("…");
    parts.push(args[i]!);
    next = i + 1;
  }
  if (next < args.length) parts.push("…");
  return `{ ${parts.join(", ")} }`;
}

/** The verb (for one build, for several) and the code of a call, e.g. `messages:get({ id }).author`. */
function phrase(call: SurfaceCall, path: string | undefined): [string, string, string] {
  // Backticks would end the inline code in Markdown; a field name may hold one.
  const expr = `${call.function}(${argsText(call.args, focusArg(path))})`.replace(/`/g, "'");
  if (call.reads === undefined) return ["calls", "call", expr];
  const rest = call.reads.slice("returns".length).replace(/`/g, "'");
  return rest
    ? ["reads", "read", `${expr}${rest}`]
    : ["reads the result of", "read the result of", expr];
}

/** `a`, `a and b`, `a, b and c`; past `MAX_LABELS`, `a, …, e and 3 more`. */
function andList(labels: readonly string[]): string {
  if (labels.length > MAX_LABELS)
    return `${labels.slice(0, MAX_LABELS).join(", ")} and ${labels.length - MAX_LABELS} more`;
  if (labels.length === 1) return labels[0]!;
  return `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
}

/**
 * ` Breaks: web@v1 calls \`messages:send({ body })\`.` for a finding that breaks recorded client
 * builds, else "". A finding without `calls` (built by hand) names its builds only.
 */
export function breaksNote(f: Finding): string {
  if (!f.surfaces?.length) return "";
  if (!f.calls?.length) return ` Breaks ${f.surfaces.join(", ")}.`;
  const groups = new Map<string, { verbs: [string, string]; labels: string[] }>();
  for (const call of f.calls) {
    const [one, many, code] = phrase(call, f.path);
    const group = groups.get(code) ?? { verbs: [one, many], labels: [] };
    group.labels.push(call.surface);
    groups.set(code, group);
  }
  const all = [...groups].map(([code, { verbs, labels }]) => {
    const sorted = [...labels].sort();
    return `${andList(sorted)} ${sorted.length === 1 ? verbs[0] : verbs[1]} \`${code}\``;
  });
  const more = all.length - MAX_PHRASES;
  const shown = all.slice(0, MAX_PHRASES).join("; ");
  return ` Breaks: ${shown}${more > 0 ? `; ${more} more call${more === 1 ? "" : "s"} (--format json lists them)` : ""}.`;
}
