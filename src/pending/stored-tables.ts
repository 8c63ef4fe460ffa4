/**
 * Which table an ID stored in a job's args is of, where the value cannot say: an ID carries a table
 * number, which only the deployment's tables map to a name. The deployed code can: a job holds
 * args its function accepted, so where the deployed args validator takes only `v.id("users")`,
 * an ID stored there is of "users" (a job whose ID is of another table fails under the deployed
 * code already). Where the new code takes `v.id("accounts")` at that place, the backend rejects
 * it (`TableNamesDoNotMatch`, crates/common/src/schemas/validator.rs): judged so by accepts.ts and
 * quick-args.ts through `storedTable`.
 *
 * Known only where every deployed validator that could take a string at that place is an id of
 * one table: a `v.string()`, `v.any()`, a string literal or a function handle there (or `v.any()`
 * above it) leaves it unknown, and the ID is then judged by its form alone, as before.
 */
import { unknownKind } from "../compat/validator/canonical.ts";
import type { ValidatorJSON } from "../meta.ts";

/** New-code id validators whose stored IDs are known to be of another table: that table. */
const storedTables = new WeakMap<ValidatorJSON, string>();

/**
 * For an id validator `withStoredTables` made: the table the IDs stored at its place are of (never
 * its own), else undefined.
 */
export function storedTable(v: ValidatorJSON): string | undefined {
  return storedTables.get(v);
}

const ANY: ValidatorJSON = { type: "any" };

/** The deployed validators at a place, unions opened up (their members share the place). */
function open(nodes: readonly ValidatorJSON[]): ValidatorJSON[] {
  const out: ValidatorJSON[] = [];
  const add = (v: ValidatorJSON) => {
    if (v.type === "union") for (const member of v.value) add(member);
    else out.push(v);
  };
  for (const v of nodes) add(v);
  return out;
}

/** The one table every string-taking deployed validator here is an id of, else undefined. */
function onlyTable(deployed: readonly ValidatorJSON[]): string | undefined {
  let table: string | undefined;
  for (const v of deployed) {
    switch (v.type) {
      case "id":
        if (table !== undefined && table !== v.tableName) return undefined;
        table = v.tableName;
        break;
      case "null":
      case "number":
      case "bigint":
      case "commitTs":
      case "boolean":
      case "bytes":
      case "object":
      case "array":
      case "record":
        break; // takes no string here
      case "literal":
        if (typeof v.value === "string") return undefined;
        break;
      default:
        return undefined; // a string, any, a handle, a kind newer than this tool
    }
  }
  return table;
}

/** The deployed validators a value of this place's child is checked by. */
function children(
  deployed: readonly ValidatorJSON[],
  pick: (v: ValidatorJSON) => ValidatorJSON | ValidatorJSON[] | undefined,
): ValidatorJSON[] {
  const out: ValidatorJSON[] = [];
  for (const v of deployed) {
    // Below `any` (or a kind this tool does not know), anything may be stored.
    const child = v.type === "any" || unknownKind(v) !== undefined ? ANY : pick(v);
    if (Array.isArray(child)) out.push(...child);
    else if (child) out.push(child);
  }
  return open(out);
}

/**
 * `v` with each id validator whose stored IDs are known to be of another table replaced by a copy
 * `storedTable` answers for; parts with none are `v`'s own objects (so compiled checks are shared).
 */
function mark(v: ValidatorJSON, deployed: ValidatorJSON[]): ValidatorJSON {
  switch (v.type) {
    case "id": {
      const table = onlyTable(deployed);
      if (table === undefined || table === v.tableName) return v;
      const copy: ValidatorJSON = { type: "id", tableName: v.tableName };
      storedTables.set(copy, table);
      return copy;
    }
    case "union": {
      const members = v.value.map((member) => mark(member, deployed));
      return members.every((m, i) => m === v.value[i]) ? v : { type: "union", value: members };
    }
    case "array": {
      const item = mark(
        v.value,
        children(deployed, (d) => (d.type === "array" ? d.value : undefined)),
      );
      return item === v.value ? v : { type: "array", value: item };
    }
    case "record": {
      const keys = mark(
        v.keys,
        // An object's field names are string keys too: no id of a known table.
        children(deployed, (d) =>
          d.type === "record" ? d.keys : d.type === "object" ? ANY : undefined,
        ),
      );
      const values = mark(
        v.values.fieldType,
        children(deployed, (d) =>
          d.type === "record"
            ? d.values.fieldType
            : d.type === "object"
              ? Object.values(d.value).map((f) => f.fieldType)
              : undefined,
        ),
      );
      return keys === v.keys && values === v.values.fieldType
        ? v
        : { type: "record", keys, values: { fieldType: values, optional: false } };
    }
    case "object": {
      let changed = false;
      const fields: Record<string, { fieldType: ValidatorJSON; optional: boolean }> = {};
      for (const [name, field] of Object.entries(v.value)) {
        const fieldType = mark(
          field.fieldType,
          children(deployed, (d) =>
            d.type === "object"
              ? Object.hasOwn(d.value, name)
                ? d.value[name]!.fieldType
                : undefined
              : d.type === "record"
                ? d.values.fieldType
                : undefined,
          ),
        );
        changed ||= fieldType !== field.fieldType;
        fields[name] = fieldType === field.fieldType ? field : { ...field, fieldType };
      }
      return changed ? { type: "object", value: fields } : v;
    }
    default:
      return v;
  }
}

/** Does `v` take an ID anywhere? Only then can a stored table matter. */
function takesId(v: ValidatorJSON): boolean {
  switch (v.type) {
    case "id":
      return true;
    case "union":
      return v.value.some(takesId);
    case "array":
      return takesId(v.value);
    case "record":
      return takesId(v.keys) || takesId(v.values.fieldType);
    case "object":
      for (const name in v.value) if (takesId(v.value[name]!.fieldType)) return true;
      return false;
    default:
      return false;
  }
}

/**
 * The new code's served args shapes, with what the deployed function's served shapes say about the
 * tables of the IDs its jobs hold. Shapes that take no ID are returned as they are: most functions'
 * (walking the deployed shapes beside them was most of a queue's setup, once per function).
 */
export function withStoredTables(
  shapes: readonly ValidatorJSON[],
  deployed: readonly ValidatorJSON[],
): readonly ValidatorJSON[] {
  if (!shapes.some(takesId)) return shapes;
  const roots = open(deployed);
  return shapes.map((shape) => mark(shape, roots));
}
