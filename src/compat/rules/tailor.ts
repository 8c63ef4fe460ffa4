/**
 * Replaces the generic fix of an args or returns finding on a plain function with one that carries
 * the function's own code (snippets.ts): the rule's advice, then the `defineVersioned` chain to paste.
 * Versioned functions get theirs from versioned-fixes.ts, in their own chain's names.
 */
import type { FunctionSpec } from "../../model.ts";
import type { Finding } from "../types.ts";
import { ARG_ADVICE } from "./args.ts";
import { INFERRED_ADVICE, RETURNS_ADVICE } from "./returns.ts";
import { argsVersionSnippet, exportName, returnsVersionSnippet } from "./snippets.ts";

export function tailorFixes(
  findings: Finding[],
  path: string,
  before: FunctionSpec,
  after: FunctionSpec,
  now: string,
): Finding[] {
  if (before.versioned || after.versioned) return findings;
  const name = exportName(path);
  let argsSnippet: string | undefined;
  let returnsSnippet: string | undefined;
  return findings.map((f) => {
    const argAdvice = ARG_ADVICE[f.rule];
    if (argAdvice) {
      argsSnippet ??= argsVersionSnippet(path, before, after, now);
      return {
        ...f,
        fix: `${argAdvice}, or serve the old args as their own version of "${name}": old calls match it and \`up\` adapts them to the new args.\n\n${argsSnippet}`,
      };
    }
    const returnsAdvice = RETURNS_ADVICE[f.rule];
    if (returnsAdvice) {
      returnsSnippet ??= returnsVersionSnippet(path, before, after, now);
      const advice = f.inferred ? INFERRED_ADVICE : returnsAdvice;
      return {
        ...f,
        fix: `${advice}, or keep "${name}" returning the old shape and serve the new one under a new name: \`down\` turns each new result into the old shape.\n\n${returnsSnippet}`,
      };
    }
    return f;
  });
}
