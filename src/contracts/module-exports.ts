/**
 * Reads one imported module the way the Convex backend's analyzer does: each export that is a
 * registered function (`isQuery`/`isMutation`/`isAction`) becomes a FunctionSpec with the validators
 * it would push (`exportArgs()`/`exportReturns()`), plus the `defineVersioned` metadata when present.
 */
import { InputError } from "../input-error.ts";
import { META, type VersionedExportMeta } from "../meta.ts";
import type {
  CronSpec,
  FunctionKind,
  FunctionSpec,
  HttpRouteSpec,
  VersionedSpec,
} from "../model.ts";
import { normaliseFunctionName } from "../pending/function-name.ts";

/** The `@internal` members of a registered function the backend reads (stripped from `.d.ts`). */
interface RegisteredLike {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
  exportArgs?: () => string;
  exportReturns?: () => string;
  [META]?: VersionedExportMeta;
}

function kindOf(value: RegisteredLike): FunctionKind | undefined {
  if (value.isQuery === true) return "query";
  if (value.isMutation === true) return "mutation";
  if (value.isAction === true) return "action";
  return undefined;
}

/**
 * The validator JSON a registered function printed, spliced into the spec's text unparsed (Convex
 * prints it with `JSON.stringify`; the CLI parses the whole text once). Undefined for none (`null`).
 */
function validatorText(text: unknown, identifier: string, which: string): string | undefined {
  if (text === undefined || text === "null") return undefined;
  if (typeof text !== "string" || !text.startsWith("{")) {
    throw new InputError(
      `${identifier}: ${which}() did not return JSON (got ${String(text).slice(0, 60)}).`,
    );
  }
  return text;
}

/**
 * Every export of a chain carries the chain's whole `versions` list (the same array): printed once
 * per chain, not once per export (about half of what the worker prints for a versioned app).
 */
const versionsPrinted = new WeakMap<object, string>();

function versionsText(versions: VersionedSpec["versions"]): string {
  let text = versionsPrinted.get(versions);
  if (text === undefined) {
    text = JSON.stringify(versions);
    versionsPrinted.set(versions, text);
  }
  return text;
}

/** `JSON.stringify` of the spec's `versioned` field (VersionedSpec's fields, in its order). */
function versionedText(meta: VersionedExportMeta): string {
  const { definition, current, serves, versions } = meta;
  const head = JSON.stringify({ definition, current, serves } satisfies Omit<
    VersionedSpec,
    "versions"
  >);
  if (!Array.isArray(versions)) return JSON.stringify({ definition, current, serves, versions });
  return `${head.length > 2 ? `${head.slice(0, -1)},` : "{"}"versions":${versionsText(versions)}}`;
}

/**
 * The functions a module exports, as the members of a JSON object (`"module:export":{…spec}`), in
 * export-name order: what the import worker posts, as text (parsing each validator only to
 * stringify it again for the post cost ~25 ms on 1,000 functions).
 */
export function functionMembersOfModule(
  module: string,
  namespace: Record<string, unknown>,
): string[] {
  const out: string[] = [];
  for (const name of Object.keys(namespace).sort()) {
    const value = namespace[name] as RegisteredLike | undefined;
    if (value === null || (typeof value !== "object" && typeof value !== "function")) continue;
    const kind = kindOf(value);
    if (!kind) continue;
    const identifier = `${module}:${name}`;
    let args: string | undefined;
    let returns: string | undefined;
    try {
      args = validatorText(value.exportArgs?.(), identifier, "exportArgs");
      returns = validatorText(value.exportReturns?.(), identifier, "exportReturns");
    } catch (error) {
      if (error instanceof InputError) throw error;
      // Convex throws here for an undefined validator, usually a circular import.
      throw new InputError(
        `${identifier}: reading its validators failed: ${(error as Error).message}`,
      );
    }
    const visibility = value.isInternal === true ? "internal" : "public";
    const meta = value[META];
    const versioned =
      meta && typeof meta === "object" && meta.format === 1
        ? `,"versioned":${versionedText(meta)}`
        : "";
    // FunctionSpec's fields, in its order.
    out.push(
      `${JSON.stringify(identifier)}:{"kind":"${kind}","visibility":"${visibility}","args":${args ?? ANY},"returns":${returns ?? "null"}${versioned}}`,
    );
  }
  return out;
}

const ANY = '{"type":"any"}';

/** The functions a module exports, keyed by identifier (`module:export`). */
export function functionsOfModule(
  module: string,
  namespace: Record<string, unknown>,
): Record<string, FunctionSpec> {
  return JSON.parse(`{${functionMembersOfModule(module, namespace).join(",")}}`);
}

/** Routes of `http.ts`'s default export (an `httpRouter()`), as function-spec lists them. */
export function httpRoutesOfModule(namespace: Record<string, unknown>): HttpRouteSpec[] {
  const router = namespace.default as {
    isRouter?: boolean;
    getRoutes?: () => readonly (readonly [string, string, unknown])[];
  };
  if (router?.isRouter !== true || typeof router.getRoutes !== "function") return [];
  return router.getRoutes().map(([path, method]) => ({ method, path }));
}

/**
 * Jobs of `crons.ts`'s default export (a `cronJobs()` object: `isCrons`, and `crons` keyed by the
 * cron's identifier, each `{ name, args: [argsJson], schedule }`), as the backend reads them.
 */
export function cronsOfModule(namespace: Record<string, unknown>): CronSpec[] {
  const crons = namespace.default as { isCrons?: boolean; crons?: Record<string, unknown> };
  if (crons?.isCrons !== true || crons.crons === null || typeof crons.crons !== "object") return [];
  const out: CronSpec[] = [];
  for (const [name, job] of Object.entries(crons.crons)) {
    const { name: fn, args } = (job ?? {}) as { name?: unknown; args?: unknown };
    if (typeof fn !== "string") continue;
    out.push({
      name,
      function: normaliseFunctionName(fn),
      args: Array.isArray(args) ? (args[0] ?? {}) : {},
    });
  }
  return out;
}
