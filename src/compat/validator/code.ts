/**
 * Validator JSON back to the TypeScript a developer writes (`v.object({ body: v.string() })`), so a
 * finding's fix can carry the baseline's exact args and returns, ready to paste into a
 * `defineVersioned` chain. Round-trips: evaluating the code with Convex's `v` gives the same
 * canonical JSON (property-tested). Short shapes stay on one line; longer ones break per field.
 */
import type { ValidatorJSON } from "../../meta.ts";
import { literalValue } from "./canonical.ts";

/** Past this many characters on one line, objects and unions break one member per line. */
const WIDTH = 72;
const INDENT = "  ";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `v.…` source for a validator, e.g. `v.union(v.literal("a"), v.null())`; `width: Infinity` keeps
 * it on one line (inside a sentence).
 */
export function validatorCode(json: ValidatorJSON, indent = "", width = WIDTH): string {
  switch (json.type) {
    case "null":
    case "boolean":
    case "string":
    case "bytes":
    case "any":
      return `v.${json.type}()`;
    case "number":
      return "v.number()";
    case "bigint":
      return "v.int64()";
    case "commitTs":
      return "v.commitTs()";
    case "function": {
      const parts: string[] = [];
      if (json.fnType !== undefined) parts.push(`fnType: ${JSON.stringify(json.fnType)}`);
      if (json.args !== undefined)
        parts.push(`args: ${validatorCode(json.args, indent + INDENT, width)}`);
      if (json.returns !== undefined)
        parts.push(`returns: ${validatorCode(json.returns, indent + INDENT, width)}`);
      return parts.length === 0
        ? "v.function()"
        : list("v.function({ ", parts, " })", indent, width);
    }
    case "literal":
      return `v.literal(${literalCode(literalValue(json))})`;
    case "id":
      return `v.id(${JSON.stringify(json.tableName)})`;
    case "array":
      return `v.array(${validatorCode(json.value, indent, width)})`;
    case "record":
      return `v.record(${validatorCode(json.keys, indent, width)}, ${validatorCode(json.values.fieldType, indent, width)})`;
    case "object":
      return `v.object(${fieldsCode(json, indent, width)})`;
    case "union":
      return list(
        "v.union(",
        json.value.map((m) => validatorCode(m, indent + INDENT, width)),
        ")",
        indent,
        width,
      );
    default:
      // A kind newer than this release: code that compiles, and says what to write instead.
      return `v.any() /* unknown validator kind ${JSON.stringify((json as { type?: unknown }).type)}: write it as declared */`;
  }
}

/**
 * The `{ name: v.…, other: v.optional(v.…) }` literal of an object validator: what `args:` (and an
 * object `returns:` inside `v.object(…)`) takes.
 */
export function fieldsCode(
  json: Extract<ValidatorJSON, { type: "object" }>,
  indent = "",
  width = WIDTH,
): string {
  const inner = indent + INDENT;
  const fields = Object.entries(json.value).map(([name, field]) => {
    const code = validatorCode(field.fieldType, inner, width);
    return `${IDENTIFIER.test(name) ? name : JSON.stringify(name)}: ${field.optional ? `v.optional(${code})` : code}`;
  });
  if (fields.length === 0) return "{}";
  return list("{ ", fields, " }", indent, width, "{", "}");
}

/**
 * What to write after `args:` for a function's args validator: the fields literal for an object,
 * `{}` plus a note when the baseline declared none (`v.any()`: defineVersioned needs an object).
 */
export function argsCode(json: ValidatorJSON, indent = ""): string {
  if (json.type === "object") return fieldsCode(json, indent);
  if (json.type === "any") return "{} /* declared no args validator: list what old clients send */";
  return validatorCode(json, indent);
}

function literalCode(value: string | number | boolean | bigint): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number" && Object.is(value, -0)) return "-0";
  return JSON.stringify(value);
}

/** `open a, b close` on one line when it fits, else one item per line. */
function list(
  open: string,
  items: string[],
  close: string,
  indent: string,
  width: number,
  openBroken = open.trimEnd(),
  closeBroken = close.trimStart(),
): string {
  const flat = `${open}${items.join(", ")}${close}`;
  if (indent.length + flat.length <= width && !flat.includes("\n")) return flat;
  const inner = indent + INDENT;
  return `${openBroken}\n${items.map((item) => `${inner}${item},`).join("\n")}\n${indent}${closeBroken}`;
}

/**
 * A plausible value of `json` to fill a new required field in an `up` adapter (`false`, `0`,
 * `""`, `[]`, `null` when allowed, the first literal), or undefined when only the developer can
 * know one (an id, `any`, an object with such a field).
 */
export function defaultCode(json: ValidatorJSON): string | undefined {
  switch (json.type) {
    case "null":
      return "null";
    case "boolean":
      return "false";
    case "number":
      return "0";
    case "bigint":
    case "commitTs":
      return "0n";
    case "string":
      return '""';
    case "literal":
      return literalCode(literalValue(json));
    case "array":
      return "[]";
    case "record":
      return "{}";
    case "union": {
      if (json.value.some((m) => m.type === "null")) return "null";
      for (const member of json.value) {
        const code = defaultCode(member);
        if (code !== undefined) return code;
      }
      return undefined;
    }
    case "object": {
      const fields: string[] = [];
      for (const [name, field] of Object.entries(json.value)) {
        if (field.optional) continue;
        const code = defaultCode(field.fieldType);
        if (code === undefined) return undefined;
        fields.push(`${IDENTIFIER.test(name) ? name : JSON.stringify(name)}: ${code}`);
      }
      return fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`;
    }
    default:
      return undefined;
  }
}
