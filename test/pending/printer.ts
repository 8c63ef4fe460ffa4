/** Shared by the pending tests: Convex's own printer, so the reader is fed exactly what it reads. */

/**
 * The printer of `npx convex data --format jsonl`, copied from convex 1.48
 * (src/cli/lib/data.ts, `stringify`): the reader must take exactly what it writes.
 */
export function convexDataStringify(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "bigint") return `${value.toString()}n`;
  if (typeof value === "number") return value.toString();
  if (typeof value === "boolean") return value.toString();
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof ArrayBuffer) {
    return `Bytes("${Buffer.from(value).toString("base64")}")`;
  }
  if (Array.isArray(value)) return `[${value.map(convexDataStringify).join(", ")}]`;
  const pairs = Object.entries(value as object)
    .map(([k, v]) => `"${k}": ${convexDataStringify(v)}`)
    .join(", ");
  return `{ ${pairs} }`;
}
