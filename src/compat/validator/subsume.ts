/**
 * Validator subsumption with a diagnosis: which values one side accepts that the other rejects,
 * where (a path like `args.items[].kind`), why (an `IssueKind`), and a witness value.
 *
 * Variance lives here and nowhere else:
 * - args (inputs): every value the OLD validator accepted must be accepted by the NEW one
 *   (`from` = old, `to` = new; objects are strict, so a removed field breaks).
 * - returns (outputs): every value the NEW function returns must be readable by an OLD client
 *   (`from` = new, `to` = old; a client ignores fields it does not know, so an added field is news,
 *   not a break).
 *
 * The walk is sound where it says "compatible" (property-tested against convex-helpers' validator)
 * and conservative where a union on the `to` side would only accept every `from` value by combining
 * several members (e.g. `{a: string | number}` against `{a: string} | {a: number}`): that is
 * reported, and the witness check then finds no witness and says so. See the README, "How this differs from the backend's is_subset".
 */
import type { ValidatorJSON } from "../../meta.ts";
import { canonicalShared, literalValue, unknownKind, validatorKey } from "./canonical.ts";
import {
  type AcceptOptions,
  accepts,
  counterexample,
  requiredSample,
  sameLiteral,
  sample,
  type Value,
} from "./value.ts";

export type Direction = "args" | "returns";

export type IssueKind =
  /** args: an old field is gone (even optional: unknown fields are rejected). returns: a required field is gone. */
  | "field-removed"
  /** args: the new side requires a field the old side did not have. */
  | "field-added-required"
  /** args: an optional field became required. */
  | "optional-to-required"
  /** returns: a required field became optional. */
  | "became-optional"
  /** returns: `null` became a possible value where it was not. */
  | "became-nullable"
  /** returns: a new member of a union the old side already had. */
  | "union-member-added"
  /** returns: a literal (`true`, `"a"`) became its type (`boolean`, `string`): more values of a kind old clients read. */
  | "literal-widened"
  /** returns: a field the old side did not know (clients ignore it). */
  | "field-added"
  /** returns: the new side declares `any` where the old side promised a shape. */
  | "became-any"
  /** A validator kind compat does not know (a newer Convex) differs: judged only as "changed". */
  | "unknown-kind"
  /** A `v.function()` handle's signature (fnType, args, returns) changed; Convex checks it only in types. */
  | "handle-signature-changed"
  /** any other difference: narrowed (args) or changed (returns). */
  | "type-changed";

export interface Issue {
  kind: IssueKind;
  /** From the root, e.g. `args.items[].kind`, `returns.author`, `returns`. */
  path: string;
  /** The baseline validator at `path` (for field-added: undefined). */
  before?: ValidatorJSON;
  /** The current validator at `path` (for removed fields: undefined). */
  after?: ValidatorJSON;
  /** For union-member kinds: the members concerned (current side). */
  members?: ValidatorJSON[];
  /** A whole value (from the root) accepted by the side values come from and rejected by the other. */
  witness?: Value;
  /** Why there is no witness, when a blocking issue has none. */
  noWitness?: string;
}

export interface Comparison {
  /** No issue that can make a call or a read fail (`field-added`, `union-member-added`, `became-any` do not count). */
  compatible: boolean;
  issues: Issue[];
}

const NOT_BLOCKING: ReadonlySet<IssueKind> = new Set([
  "field-added",
  "union-member-added",
  "literal-widened",
  "became-any",
  "unknown-kind",
  "handle-signature-changed",
]);

export function isBlocking(kind: IssueKind): boolean {
  return !NOT_BLOCKING.has(kind);
}

/** Does every value `oldArgs` accepted pass `newArgs`? */
export function compareArgs(
  oldArgs: ValidatorJSON,
  newArgs: ValidatorJSON,
  root = "args",
): Comparison {
  return compare("args", oldArgs, newArgs, root);
}

/** Can an old client read every value the new function may return? */
export function compareReturns(
  oldReturns: ValidatorJSON,
  newReturns: ValidatorJSON,
  root = "returns",
): Comparison {
  return compare("returns", oldReturns, newReturns, root);
}

function compare(
  dir: Direction,
  oldV: ValidatorJSON,
  newV: ValidatorJSON,
  root: string,
): Comparison {
  if (oldV === newV) return { compatible: true, issues: [] };
  const before = canonicalShared(oldV);
  const after = canonicalShared(newV);
  // Most functions do not change between two checks: nothing to walk.
  if (validatorKey(before) === validatorKey(after)) return { compatible: true, issues: [] };
  const [from, to] = dir === "args" ? [before, after] : [after, before];
  const ctx: Ctx = { dir, root, opts: { allowUnknownFields: dir === "returns" } };
  const issues = walk(ctx, from, to, root);
  for (const issue of issues) {
    if (!isBlocking(issue.kind)) {
      delete issue.witness;
      continue;
    }
    const w = issue.witness;
    if (w === undefined) {
      issue.noWitness ??= "no sample value of the old shape is rejected by the new one";
    } else if (!(accepts(from, w) && !accepts(to, w, ctx.opts))) {
      delete issue.witness;
      issue.noWitness =
        "the value built for this path is accepted by another member of a union on the other side; " +
        "no single member accepts every value, which compat judges as a break (conservatively)";
    }
  }
  return { compatible: !issues.some((i) => isBlocking(i.kind)), issues };
}

interface Ctx {
  dir: Direction;
  /** The path of the whole value (`returns`, `args`). */
  root: string;
  /** How the `to` side judges a value: clients reading returns ignore unknown fields. */
  opts: AcceptOptions;
}

type Obj = Extract<ValidatorJSON, { type: "object" }>;

/** old/new as the issue reports them, from the walk's from/to. */
function sides(ctx: Ctx, from: ValidatorJSON | undefined, to: ValidatorJSON | undefined) {
  return ctx.dir === "args" ? { before: from, after: to } : { before: to, after: from };
}

function issue(
  ctx: Ctx,
  kind: IssueKind,
  path: string,
  from: ValidatorJSON | undefined,
  to: ValidatorJSON | undefined,
  witness: Value | undefined,
): Issue {
  const out: Issue = { kind, path, ...sides(ctx, from, to) };
  if (out.before === undefined) delete out.before;
  if (out.after === undefined) delete out.after;
  if (witness !== undefined) out.witness = witness;
  return out;
}

function typeChanged(ctx: Ctx, from: ValidatorJSON, to: ValidatorJSON, path: string): Issue {
  // A returned field that is now `null` where the old side had a value (an early `return { cursor:
  // null }` beside the old shape): what old clients meet is a null they do not expect. (The whole
  // result turning null, or into nothing, stays a type change.)
  const nulled = ctx.dir === "returns" && from.type === "null" && path !== ctx.root;
  const kind = nulled ? "became-nullable" : "type-changed";
  return issue(ctx, kind, path, from, to, counterexample(from, to, ctx.opts));
}

/** Re-roots the witnesses of child issues inside a value of the parent. */
function wrap(issues: Issue[], build: (w: Value) => Value | undefined): Issue[] {
  for (const i of issues) {
    if (i.witness === undefined) continue;
    const w = build(i.witness);
    if (w === undefined) delete i.witness;
    else i.witness = w;
  }
  return issues;
}

function walk(ctx: Ctx, from: ValidatorJSON, to: ValidatorJSON, path: string): Issue[] {
  if (to.type === "any" || from === to) return [];
  if (from.type === "any") {
    return ctx.dir === "returns"
      ? [issue(ctx, "became-any", path, from, to, undefined)]
      : [typeChanged(ctx, from, to, path)];
  }
  if (from.type === "union") return walkFromUnion(ctx, from.value, to, path);
  if (unknownKind(from) !== undefined) {
    // Only an identical validator is known to accept what an unknown kind accepts.
    const same = membersOf(to).some((m) => validatorKey(m) === validatorKey(from));
    return same ? [] : [issue(ctx, "unknown-kind", path, from, to, undefined)];
  }
  if (to.type === "union") return walkToUnion(ctx, from, to.value, path);
  if (unknownKind(to) !== undefined) return [issue(ctx, "unknown-kind", path, from, to, undefined)];
  return walkSame(ctx, from, to, path);
}

function membersOf(v: ValidatorJSON): ValidatorJSON[] {
  return v.type === "union" ? v.value : [v];
}

/** Each `from` member must be accepted; members rejected outright are grouped into one issue per kind. */
function walkFromUnion(
  ctx: Ctx,
  members: ValidatorJSON[],
  to: ValidatorJSON,
  path: string,
): Issue[] {
  const deeper: Issue[] = [];
  const rejected: { member: ValidatorJSON; witness?: Value; variant?: boolean }[] = [];
  for (const member of members) {
    if (ctx.dir === "returns" && to.type === "union") {
      // A discriminated variant is judged against the old variant with its tag, or is new.
      const tagged = variantOf(member, to.value);
      if (tagged === "new") {
        rejected.push({ member, variant: true });
        continue;
      }
      if (tagged) {
        deeper.push(...walk(ctx, member, tagged, path));
        continue;
      }
    }
    for (const i of walk(ctx, member, to, path)) {
      if (i.path === path && i.kind === "type-changed")
        rejected.push({ member, witness: i.witness });
      else deeper.push(i);
    }
  }
  if (rejected.length === 0) return deeper;
  const fromUnion: ValidatorJSON = { type: "union", value: members };
  if (ctx.dir === "args") {
    const out = issue(ctx, "type-changed", path, fromUnion, to, rejected[0]!.witness);
    out.members = rejected.map((r) => r.member);
    return [out, ...deeper];
  }
  // returns: say what kind of widening it is, one issue per kind. Only a new variant of a kind
  // the old union already had is a new member (old clients branch on that kind); a new kind beside
  // it (`string | null` → `number | null`) is a type change, as it is without the null.
  const groups = new Map<IssueKind, typeof rejected>();
  // A single old literal is a union of one: `"a"` → `"a" | "b"` adds a value as a status enum
  // gaining one does.
  const olds = to.type === "union" ? to.value : to.type === "literal" ? [to] : undefined;
  for (const r of rejected) {
    const kind: IssueKind =
      r.member.type === "null"
        ? "became-nullable"
        : r.variant || (olds && sameKindAsSome(r.member, olds))
          ? "union-member-added"
          : olds?.some((o) => widens(o, r.member))
            ? "literal-widened"
            : "type-changed";
    groups.set(kind, [...(groups.get(kind) ?? []), r]);
  }
  const out: Issue[] = [];
  for (const [kind, group] of groups) {
    const i = issue(ctx, kind, path, fromUnion, to, group[0]!.witness);
    i.members = group.map((r) => r.member);
    out.push(i);
  }
  return [...out, ...deeper];
}

/** Is `wider` the type of the literal `literal` (`boolean` of `true`, `string` of `"a"`)? */
function widens(literal: ValidatorJSON, wider: ValidatorJSON): boolean {
  if (literal.type !== "literal") return false;
  const value = literalValue(literal);
  if (typeof value === "bigint") return INT64.has(wider.type);
  return wider.type === typeof value;
}

/** A literal beside literals of the same type, an id beside ids: another value of a known kind. */
function sameKindAsSome(member: ValidatorJSON, olds: ValidatorJSON[]): boolean {
  if (member.type === "literal") {
    const type = typeof literalValue(member);
    return olds.some((o) => o.type === "literal" && typeof literalValue(o) === type);
  }
  return member.type === "id" && olds.some((o) => o.type === "id");
}

type Literal = Extract<ValidatorJSON, { type: "literal" }>;

/** The required literal field `name` of an object validator (a discriminant candidate). */
function tagOf(v: ValidatorJSON, name: string): Literal | undefined {
  if (v.type !== "object") return undefined;
  const field = v.value[name];
  return field && !field.optional && field.fieldType.type === "literal"
    ? field.fieldType
    : undefined;
}

/**
 * For an object member of the new union: the old object variant carrying the same value in a
 * shared discriminant field (a required literal field of the old object variants), "new" when
 * two or more old variants have the field and none carries its value, else undefined.
 */
function variantOf(
  member: ValidatorJSON,
  olds: ValidatorJSON[],
): ValidatorJSON | "new" | undefined {
  if (member.type !== "object") return undefined;
  for (const name of Object.keys(member.value)) {
    const tag = tagOf(member, name);
    if (!tag) continue;
    const peers = olds.filter((o) => tagOf(o, name) !== undefined);
    if (peers.length === 0) continue;
    const value = literalValue(tag);
    const same = peers.filter((o) => sameLiteral(value, literalValue(tagOf(o, name)!)));
    if (same.length === 1) return same[0];
    // A new tag beside one old object is that object's field changing, not a new variant.
    if (same.length === 0 && peers.length >= 2) return "new";
    // Several old variants with this value: the field does not tell them apart; try the next.
  }
  return undefined;
}

const STRUCTURAL = new Set(["object", "record", "array"]);

function walkToUnion(
  ctx: Ctx,
  from: ValidatorJSON,
  members: ValidatorJSON[],
  path: string,
): Issue[] {
  // An unchanged member (the old version inside the union of served versions) covers at once.
  const fromKey = validatorKey(from);
  if (members.some((m) => validatorKey(m) === fromKey)) return [];
  const tried = members.map((member) => ({ member, issues: walk(ctx, from, member, path) }));
  const covering = tried.filter(
    (t) => !t.issues.some((i) => isBlocking(i.kind) || i.kind === "unknown-kind"),
  );
  if (covering.length > 0) {
    // Report the news (an added returned field) against the closest covering member.
    return covering.reduce((a, b) => (b.issues.length < a.issues.length ? b : a)).issues;
  }
  const to: ValidatorJSON = { type: "union", value: members };
  // A member of a kind compat does not know might accept it: say that, not "changed".
  if (members.some((m) => unknownKind(m) !== undefined)) {
    return [issue(ctx, "unknown-kind", path, from, to, undefined)];
  }
  // boolean ⊆ true | false: the one case where two members together cover a kind (as the backend allows).
  if (from.type === "boolean" && accepts(to, true) && accepts(to, false)) return [];
  // An object no single member covers may still be covered part by part: split it on one union or
  // optional field ({a: X | Y} = {a: X} | {a: Y}; {a?: X} = {} | {a: X}) and try each part.
  if (from.type === "object" && splitCovered(ctx, from, to, path)) return [];
  // Closest structural member of the same kind: its deeper issues say more than "type changed".
  // Closest first by the fields it shares (the variant this one was: `{ lists } | { user }` with
  // `user` changed is not "lists removed, user added"), then by the issues that would block.
  const sameKind = tried.filter((t) => STRUCTURAL.has(from.type) && t.member.type === from.type);
  if (sameKind.length > 0) {
    const shared = (m: ValidatorJSON) =>
      from.type === "object" && m.type === "object"
        ? Object.keys(from.value).filter((k) => Object.hasOwn(m.value, k)).length
        : 0;
    const closer = (a: (typeof tried)[number], b: (typeof tried)[number]) =>
      shared(b.member) > shared(a.member) ||
      (shared(b.member) === shared(a.member) && blocking(b.issues) < blocking(a.issues));
    return sameKind.reduce((a, b) => (closer(a, b) ? b : a)).issues;
  }
  return [typeChanged(ctx, from, to, path)];
}

function blocking(issues: Issue[]): number {
  return issues.filter((i) => isBlocking(i.kind)).length;
}

function walkSame(ctx: Ctx, from: ValidatorJSON, to: ValidatorJSON, path: string): Issue[] {
  switch (from.type) {
    case "object":
      if (to.type === "object") return walkObject(ctx, from, to, path);
      if (to.type === "record") return walkObjectToRecord(ctx, from, to, path);
      return [typeChanged(ctx, from, to, path)];
    case "record": {
      if (to.type === "record") {
        const key = sample(from.keys);
        return [
          ...wrap(walk(ctx, from.keys, to.keys, `${path}{key}`), (w) =>
            typeof w === "string" ? { [w]: sample(from.values.fieldType) } : undefined,
          ),
          ...wrap(walk(ctx, from.values.fieldType, to.values.fieldType, `${path}{}`), (w) =>
            typeof key === "string" ? { [key]: w } : undefined,
          ),
        ];
      }
      const asObject = literalKeysAsObject(from);
      if (to.type === "object" && asObject) return walkObject(ctx, asObject, to, path);
      return [typeChanged(ctx, from, to, path)];
    }
    case "array":
      if (to.type !== "array") return [typeChanged(ctx, from, to, path)];
      return wrap(walk(ctx, from.value, to.value, `${path}[]`), (w) => [w]);
    case "function":
      if (to.type === "function") {
        // Handles are checked at runtime as handles only; the signature is TypeScript's business.
        return validatorKey(from) === validatorKey(to)
          ? []
          : [issue(ctx, "handle-signature-changed", path, from, to, undefined)];
      }
      return scalarCovered(from, to) ? [] : [typeChanged(ctx, from, to, path)];
    case "null":
    case "number":
    case "bigint":
    case "commitTs":
    case "boolean":
    case "string":
    case "bytes":
    case "literal":
    case "id":
      if (scalarCovered(from, to)) return [];
      if (ctx.dir === "returns" && widens(to, from))
        return [issue(ctx, "literal-widened", path, from, to, counterexample(from, to, ctx.opts))];
      return [typeChanged(ctx, from, to, path)];
    default:
      // any, union and unknown kinds are handled by walk before it gets here.
      throw new Error(`unreachable: walkSame got ${JSON.stringify(from.type)}`);
  }
}

/** commitTs accepts any int64 (its unresolved placeholder never leaves the writing mutation). */
const INT64 = new Set(["bigint", "commitTs"]);

function scalarCovered(from: ValidatorJSON, to: ValidatorJSON): boolean {
  if (from.type === "literal") {
    const value = literalValue(from);
    if (to.type === "literal") return sameLiteral(value, literalValue(to));
    const base = typeof value === "bigint" ? "bigint" : typeof value;
    return to.type === base;
  }
  if (from.type === "id") {
    return to.type === "string" || (to.type === "id" && to.tableName === from.tableName);
  }
  if (from.type === "function") return to.type === "string";
  if (INT64.has(from.type)) return INT64.has(to.type);
  return from.type === to.type;
}

function walkObject(ctx: Ctx, from: Obj, to: Obj, path: string): Issue[] {
  const out: Issue[] = [];
  const base = requiredSample(from);
  for (const [name, field] of Object.entries(from.value)) {
    const at = `${path}.${name}`;
    const target = to.value[name];
    if (!target) {
      if (ctx.dir === "args") {
        out.push(
          issue(ctx, "field-removed", at, field.fieldType, undefined, {
            ...base,
            [name]: sample(field.fieldType),
          }),
        );
      } else {
        out.push(issue(ctx, "field-added", at, field.fieldType, undefined, undefined));
      }
      continue;
    }
    if (field.optional && !target.optional) {
      const kind = ctx.dir === "args" ? "optional-to-required" : "became-optional";
      out.push(issue(ctx, kind, at, field.fieldType, target.fieldType, base));
    }
    out.push(
      ...wrap(walk(ctx, field.fieldType, target.fieldType, at), (w) => ({ ...base, [name]: w })),
    );
  }
  for (const [name, target] of Object.entries(to.value)) {
    if (Object.hasOwn(from.value, name) || target.optional) continue;
    const kind = ctx.dir === "args" ? "field-added-required" : "field-removed";
    out.push(issue(ctx, kind, `${path}.${name}`, undefined, target.fieldType, base));
  }
  return out;
}

function walkObjectToRecord(
  ctx: Ctx,
  from: Obj,
  to: Extract<ValidatorJSON, { type: "record" }>,
  path: string,
): Issue[] {
  const base = requiredSample(from);
  if (Object.keys(from.value).some((name) => !accepts(to.keys, name))) {
    return [typeChanged(ctx, from, to, path)];
  }
  return Object.entries(from.value).flatMap(([name, field]) =>
    wrap(walk(ctx, field.fieldType, to.values.fieldType, `${path}.${name}`), (w) => ({
      ...base,
      [name]: w,
    })),
  );
}

/** `v.record(v.union(v.literal("a"), v.literal("b")), T)` accepts exactly `{a?: T, b?: T}`. */
function literalKeysAsObject(record: Extract<ValidatorJSON, { type: "record" }>): Obj | undefined {
  const keys = record.keys.type === "union" ? record.keys.value : [record.keys];
  const names: string[] = [];
  for (const key of keys) {
    if (key.type !== "literal" || typeof key.value !== "string") return undefined;
    names.push(key.value);
  }
  const value: Obj["value"] = {};
  for (const name of names.sort())
    value[name] = { fieldType: record.values.fieldType, optional: true };
  return { type: "object", value };
}

/** At most this many parts (the product of every splittable field's choices); beyond, give up. */
const SPLIT_BUDGET = 64;

function choicesOf(field: Obj["value"][string]): (ValidatorJSON | undefined)[] {
  const choices: (ValidatorJSON | undefined)[] =
    field.fieldType.type === "union" ? [...field.fieldType.value] : [field.fieldType];
  if (field.optional) choices.push(undefined);
  return choices;
}

function splitCovered(ctx: Ctx, from: Obj, to: ValidatorJSON, path: string): boolean {
  const fields = Object.values(from.value);
  const parts = fields.reduce((n, field) => n * choicesOf(field).length, 1);
  if (parts < 2 || parts > SPLIT_BUDGET) return false;
  const [name, field] = Object.entries(from.value).find(([, f]) => choicesOf(f).length > 1)!;
  // walk → walkToUnion splits each part further on its next splittable field.
  return choicesOf(field).every((choice) => {
    const value = { ...from.value };
    if (choice === undefined) delete value[name];
    else value[name] = { fieldType: choice, optional: false };
    return blocking(walk(ctx, { type: "object", value }, to, path)) === 0;
  });
}
