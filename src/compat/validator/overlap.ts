/**
 * Whether two validators accept a common value: two versions under one export name "overlap" when
 * one call is valid for both (the dispatcher then picks the newer one). Sound for "no": when it
 * says false, no value passes both (objects are strict; ids of different tables are disjoint).
 */
import type { ValidatorJSON } from "../../meta.ts";
import { canonicalShared, literalValue, unknownKind } from "./canonical.ts";
import { accepts } from "./value.ts";

export function overlaps(a: ValidatorJSON, b: ValidatorJSON): boolean {
  return meet(canonicalShared(a), canonicalShared(b));
}

function meet(a: ValidatorJSON, b: ValidatorJSON): boolean {
  // A kind compat does not know may accept anything: "overlaps" is the answer that stays sound.
  if (a.type === "any" || b.type === "any" || unknownKind(a) || unknownKind(b)) return true;
  if (a.type === "union") return a.value.some((m) => meet(m, b));
  if (b.type === "union") return b.value.some((m) => meet(a, m));
  if (a.type === "literal") return acceptsLiteral(b, a);
  if (b.type === "literal") return acceptsLiteral(a, b);
  if (a.type === "object" && b.type === "object") return objectsMeet(a, b);
  if (a.type === "object" && b.type === "record") return objectMeetsRecord(a, b);
  if (a.type === "record" && b.type === "object") return objectMeetsRecord(b, a);
  if (a.type === "id" && b.type === "id") return a.tableName === b.tableName;
  if ((a.type === "id" && b.type === "string") || (a.type === "string" && b.type === "id"))
    return true;
  if (sameValues(a.type, b.type)) return true;
  if (
    (a.type === "function" && b.type === "string") ||
    (a.type === "string" && b.type === "function")
  )
    return true;
  // Same kind: arrays share [], records share {}, scalars share every value.
  return a.type === b.type;
}

function acceptsLiteral(
  v: ValidatorJSON,
  lit: Extract<ValidatorJSON, { type: "literal" }>,
): boolean {
  return accepts(v, literalValue(lit));
}

type Obj = Extract<ValidatorJSON, { type: "object" }>;

function objectsMeet(a: Obj, b: Obj): boolean {
  for (const name of new Set([...Object.keys(a.value), ...Object.keys(b.value)])) {
    const fa = a.value[name];
    const fb = b.value[name];
    if (!fb) {
      if (!fa!.optional) return false;
      continue;
    }
    if (!fa) {
      if (!fb.optional) return false;
      continue;
    }
    // Both optional: leave the field out.
    if ((!fa.optional || !fb.optional) && !meet(fa.fieldType, fb.fieldType)) return false;
  }
  return true;
}

function objectMeetsRecord(o: Obj, r: Extract<ValidatorJSON, { type: "record" }>): boolean {
  return Object.entries(o.value).every(
    ([name, field]) =>
      field.optional || (accepts(r.keys, name) && meet(field.fieldType, r.values.fieldType)),
  );
}

/** commitTs accepts exactly the int64 values a client can send or read. */
function sameValues(a: string, b: string): boolean {
  const int64 = (t: string) => t === "bigint" || t === "commitTs";
  return int64(a) && int64(b);
}
