/**
 * Validators as short TypeScript-like text for messages: `string`, `Id<"users">`, `"a" | "b"`,
 * `{ body: string; author?: string }`, `number[]`, `Record<string, number>`. Long shapes are cut.
 */
import type { ValidatorJSON } from "../../meta.ts";
import { literalValue } from "./canonical.ts";

const MAX = 80;

export function describeValidator(v: ValidatorJSON): string {
  const text = describe(v);
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

function describe(v: ValidatorJSON): string {
  switch (v.type) {
    case "null":
    case "number":
    case "bigint":
    case "boolean":
    case "string":
    case "any":
      return v.type;
    case "bytes":
      return "ArrayBuffer";
    case "commitTs":
      return "commitTs";
    case "function":
      return v.fnType ? `FunctionHandle<${JSON.stringify(v.fnType)}>` : "FunctionHandle";
    case "literal": {
      const value = literalValue(v);
      return typeof value === "bigint" ? `${value}n` : JSON.stringify(value);
    }
    case "id":
      return `Id<${JSON.stringify(v.tableName)}>`;
    case "array": {
      const item = describe(v.value);
      return v.value.type === "union" ? `(${item})[]` : `${item}[]`;
    }
    case "record":
      return `Record<${describe(v.keys)}, ${describe(v.values.fieldType)}>`;
    case "object": {
      const fields = Object.entries(v.value).map(
        ([name, f]) => `${name}${f.optional ? "?" : ""}: ${describe(f.fieldType)}`,
      );
      return fields.length === 0 ? "{}" : `{ ${fields.join("; ")} }`;
    }
    case "union": {
      // Canonical order sorts null first; TypeScript reads `T | null`, so null goes last.
      const members = [
        ...v.value.filter((m) => m.type !== "null"),
        ...v.value.filter((m) => m.type === "null"),
      ];
      return members.map(describe).join(" | ");
    }
    default:
      return `unknown validator kind ${JSON.stringify((v as { type?: unknown }).type)}`;
  }
}

/** A witness value as compact JSON (bigint as `1n`, bytes as `ArrayBuffer(n)`). */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value, (_key, x) => {
    if (typeof x === "bigint") return `${x}n`;
    if (x instanceof ArrayBuffer) return `ArrayBuffer(${x.byteLength})`;
    return x;
  });
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}
