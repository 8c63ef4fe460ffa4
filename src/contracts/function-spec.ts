/**
 * Reads `npx convex function-spec` output (what a deployment really serves) into an AppSpec, so a
 * live deployment can be the baseline of `check`. Identifiers lose their `.js`
 * (`messages.js:send` → `messages:send`); a validator of `{type:"any"}` for `returns` means none
 * was declared, and becomes `null` as in the lock file.
 */
import { InputError } from "../input-error.ts";
import type { AppSpec, FunctionKind, FunctionSpec } from "../model.ts";
import { parseOrThrow } from "./issues.ts";
import { type FunctionSpecFile, functionSpecFileSchema } from "./schema.ts";

const KINDS: Record<string, FunctionKind> = {
  Query: "query",
  Mutation: "mutation",
  Action: "action",
};

/** `messages.js:send` → `messages:send`; `admin/users.js:default` → `admin/users:default`. */
export function normalizeIdentifier(identifier: string): string {
  const colon = identifier.lastIndexOf(":");
  const module = identifier.slice(0, colon).replace(/\.[cm]?[jt]sx?$/, "");
  return `${module}:${identifier.slice(colon + 1)}`;
}

/** True when `json` looks like function-spec output rather than a lock file. */
/** Validates parsed function-spec JSON and converts it; `file` names the source in errors. */
export function parseFunctionSpec(json: unknown, file: string): AppSpec {
  const spec: FunctionSpecFile = parseOrThrow(
    functionSpecFileSchema,
    json,
    file,
    "`npx convex function-spec` output",
  );
  const functions: Record<string, FunctionSpec> = {};
  const httpRoutes: AppSpec["httpRoutes"] = [];
  spec.functions.forEach((entry, index) => {
    if (entry.functionType === "HttpAction") {
      httpRoutes.push({ method: entry.method, path: entry.path });
      return;
    }
    const id = normalizeIdentifier(entry.identifier);
    if (functions[id]) {
      throw new InputError(
        `${file}: functions[${index}].identifier "${entry.identifier}" appears twice.`,
        file,
        `functions[${index}].identifier`,
      );
    }
    const returns = entry.returns ?? null;
    functions[id] = {
      kind: KINDS[entry.functionType]!,
      visibility: entry.visibility.kind,
      args: entry.args ?? { type: "any" },
      returns: returns && returns.type === "any" ? null : returns,
    };
  });
  return httpRoutes.length > 0 ? { functions, httpRoutes } : { functions };
}
