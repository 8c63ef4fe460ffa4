/**
 * Argument checks (inputs, contravariant): every value the baseline accepted must still pass the
 * current args validator. Emits ARG_NO_DELETE, ARG_NO_ADD_REQUIRED, ARG_OPTIONAL_TO_REQUIRED and
 * ARG_TYPE_NO_NARROW from one subsumption walk (validator/subsume.ts).
 */
import type { ValidatorJSON } from "../../meta.ts";
import { anyObject, type FunctionSpec } from "../../model.ts";
import type { Finding } from "../types.ts";
import { toConvexJson } from "../validator/convex-json.ts";
import { describeValidator, describeValue } from "../validator/describe.ts";
import { compareArgs, type Issue } from "../validator/subsume.ts";
import type { Value } from "../validator/value.ts";
import { finding, fnName, type RuleSpec, rule, subPath } from "./rule.ts";
import { kindFinding } from "./validator-kinds.ts";

const VERSION_IT = `Keep the old shape served next to the new one with defineVersioned: the old version keeps its args, the new one adapts them with \`up\`:

\`\`\`ts
export const { send } = defineVersioned(mutation, { name: "send" })
  .version("2026-01-01", { args: { body: v.string() } })            // the baseline's args
  .version("2026-03-01", {
    args: { body: v.string(), channelId: v.id("channels") },        // the new args
    up: async (prev, ctx) => ({ ...prev, channelId: await defaultChannel(ctx) }),
  })
  .handler(async (ctx, args) => { /* written for the newest args */ });
\`\`\``;

/** Each rule's own way out, before "or version it": the first sentence of its fix. */
export const ARG_ADVICE: Readonly<Record<string, string>> = {
  ARG_NO_DELETE:
    "Keep the argument in the validator (ignore it in the handler, mark it `v.optional` if new clients stop sending it)",
  ARG_NO_ADD_REQUIRED: "Add it as `v.optional(...)` and default it in the handler",
  ARG_OPTIONAL_TO_REQUIRED: "Keep it optional and default it in the handler",
  ARG_TYPE_NO_NARROW:
    "Accept the old values too, e.g. `v.union(oldType, newType)`, and convert in the handler",
};

const lower = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

export const ARG_NO_DELETE = rule({
  id: "ARG_NO_DELETE",
  level: "breaking",
  purpose: "Checks that no argument (required or optional, at any depth) is removed.",
  doc: "Convex rejects unknown fields, so an old client that still sends a removed argument gets an error on every call, even when the argument was optional.",
  fix: `${ARG_ADVICE.ARG_NO_DELETE}, or ${lower(VERSION_IT)}`,
});

export const ARG_NO_ADD_REQUIRED = rule({
  id: "ARG_NO_ADD_REQUIRED",
  level: "breaking",
  purpose: "Checks that no required argument is added.",
  doc: "Old clients do not know the new argument and never send it, so Convex rejects their calls.",
  fix: `${ARG_ADVICE.ARG_NO_ADD_REQUIRED}, or ${lower(VERSION_IT)}`,
});

export const ARG_OPTIONAL_TO_REQUIRED = rule({
  id: "ARG_OPTIONAL_TO_REQUIRED",
  level: "breaking",
  purpose: "Checks that no optional argument becomes required.",
  doc: "Old clients may leave an optional argument out; once it is required, those calls are rejected.",
  fix: `${ARG_ADVICE.ARG_OPTIONAL_TO_REQUIRED}, or ${lower(VERSION_IT)}`,
});

export const ARG_TYPE_NO_NARROW = rule({
  id: "ARG_TYPE_NO_NARROW",
  level: "breaking",
  purpose:
    "Checks that no argument's type accepts fewer values than before (changed type, removed union member or literal, string → id, number ↔ int64).",
  doc: "A value an old client sends that the new validator rejects fails the call. Widening (id → string, adding a union member or a literal) is fine; narrowing is not.",
  fix: `${ARG_ADVICE.ARG_TYPE_NO_NARROW}, or ${lower(VERSION_IT)}`,
});

export const ARG_RULES: RuleSpec[] = [
  ARG_NO_DELETE,
  ARG_NO_ADD_REQUIRED,
  ARG_OPTIONAL_TO_REQUIRED,
  ARG_TYPE_NO_NARROW,
];

/** Findings for args that went from `before` to `after` (whole validators, e.g. an export's args). */
export function checkArgs(
  fn: string,
  before: ValidatorJSON,
  after: ValidatorJSON,
  version?: string,
): Finding[] {
  return compareArgs(before, after).issues.map((issue) =>
    argFinding(fn, objectWitness(issue, after), version),
  );
}

/**
 * Args are always an object: a witness that is not one (`null`, from "no validator" → `{…}`) is
 * no call a client can make. Replaced by an object the new validator rejects: `{}` when it has a
 * required field, else one with a field it does not know (Convex rejects unknown fields).
 */
function objectWitness(issue: Issue, after: ValidatorJSON): Issue {
  const w = issue.witness;
  const isObject = typeof w === "object" && w !== null && !Array.isArray(w);
  if (issue.witness === undefined || isObject || after.type !== "object") return issue;
  const fields = after.value;
  if (Object.values(fields).some((f) => !f.optional)) return { ...issue, witness: {} };
  let name = "unexpected";
  while (name in fields) name = `_${name}`;
  return { ...issue, witness: { [name]: null } };
}

/**
 * The args a function offers: its declared validator, else the shape inferred from its handler's
 * parameter type (a handler without a typed parameter infers none): what old clients were
 * compiled against. An `any` inside that shape (`data: any`, or a type that does not convert)
 * takes any value at that place, on either side, as the missing validator does there: on the old
 * side the new args must then accept anything at that place, on the new side they do.
 */
function argsContract(spec: Pick<FunctionSpec, "args" | "argsInferred">): ValidatorJSON {
  const inferred = spec.argsInferred;
  return spec.args.type === "any" && inferred && !anyObject(inferred) ? inferred : spec.args;
}

/**
 * The old and new args to judge. The new side's inferred shape is used only when the old side
 * says more than "anything": against a deployment's function spec, which carries no TypeScript,
 * a function without a validator then and now is no change, whatever its handler's type says.
 */
export function argsPair(
  before: Pick<FunctionSpec, "args" | "argsInferred">,
  after: Pick<FunctionSpec, "args" | "argsInferred">,
): [ValidatorJSON, ValidatorJSON] {
  const was = argsContract(before);
  return [was, was.type === "any" ? after.args : argsContract(after)];
}

/** Turns one args issue into a finding: the rule is decided by the issue's kind. */
export function argFinding(fn: string, issue: Issue, version?: string): Finding {
  const name = fnName(fn, version);
  const arg = subPath(issue.path);
  const extra = witnessFields(issue, version);
  switch (issue.kind) {
    case "field-removed":
      return finding(
        ARG_NO_DELETE,
        fn,
        `Argument "${arg}" was removed from ${name}; old clients still send it and Convex rejects unknown fields.`,
        extra,
      );
    case "field-added-required":
      return finding(
        ARG_NO_ADD_REQUIRED,
        fn,
        `Required argument "${arg}" was added to ${name}; old clients do not send it.`,
        extra,
      );
    case "unknown-kind":
    case "handle-signature-changed":
      return kindFinding(fn, issue, version);
    case "optional-to-required":
      return finding(
        ARG_OPTIONAL_TO_REQUIRED,
        fn,
        `Argument "${arg}" of ${name} became required; old clients may leave it out.`,
        extra,
      );
    default: {
      // The value at the narrowed place, not the whole args object: in a long call it is cut off.
      const leaf = arg === "" ? undefined : valueAt(issue.witness, arg);
      const example =
        leaf !== undefined
          ? `old clients may still send ${arg}: ${describeValue(leaf.value)}`
          : issue.witness !== undefined
            ? `old clients may still send ${describeValue(issue.witness)}`
            : "some values old clients send are rejected";
      // Members a union lost say what changed; the two unions in full are cut off when long.
      if (arg !== "" && issue.members?.length) {
        const lost = issue.members.map(describeValidator).join(", ");
        return finding(
          ARG_TYPE_NO_NARROW,
          fn,
          `Argument "${arg}" of ${name} no longer accepts ${lost}; ${example}.`,
          extra,
        );
      }
      const subject = arg === "" ? `The args of ${name} were` : `Argument "${arg}" of ${name} was`;
      const from = describeValidator(issue.before ?? { type: "any" });
      const to = describeValidator(issue.after ?? { type: "any" });
      return finding(
        ARG_TYPE_NO_NARROW,
        fn,
        `${subject} narrowed from ${from} to ${to}; ${example}.`,
        extra,
      );
    }
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof ArrayBuffer);

/**
 * The value a witness holds at an issue's path below the args (`status`, `items[].kind`,
 * `meta{}` a record's value, `meta{key}` its key), or undefined when the path does not lead there.
 */
function valueAt(witness: unknown, path: string): { value: unknown } | undefined {
  let at = witness;
  for (const step of path.match(/\[\]|\{key\}|\{\}|\.?[^.[{]+/g) ?? []) {
    if (step === "[]") {
      if (!Array.isArray(at) || at.length === 0) return undefined;
      at = at[0];
    } else if (step === "{}" || step === "{key}") {
      if (!isRecord(at)) return undefined;
      const entry = Object.entries(at)[0];
      if (!entry) return undefined;
      at = step === "{}" ? entry[1] : entry[0];
    } else {
      const name = step.replace(/^\./, "");
      if (!isRecord(at) || !Object.hasOwn(at, name)) return undefined;
      at = at[name];
    }
  }
  return { value: at };
}

/** The finding's `path`, `version`, `witness` (Convex JSON) or `noWitness`. */
export function witnessFields(issue: Issue, version?: string): Partial<Finding> {
  const out: Partial<Finding> = { path: issue.path };
  if (version !== undefined) out.version = version;
  if (issue.witness !== undefined) out.witness = toConvexJson(issue.witness as Value);
  else if (issue.noWitness !== undefined) out.noWitness = issue.noWitness;
  return out;
}
