/**
 * A finding's fingerprint: the same change on the same function gives the same string on every
 * run and machine, whatever the message wording or the order of findings, so a waiver or a CI
 * dashboard can name one finding. Built from rule, function, path and version only (a message may
 * be reworded between releases; those four are the finding's identity). FNV-1a 64-bit: pure JS,
 * no crypto needed for an identifier that only has to be stable and rarely collide.
 */
import type { Finding } from "./types.ts";

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** `cv1-` and 16 hex digits, e.g. `cv1-5f0c2a9e31d7b844`. */
export function fingerprint(
  f: Pick<Finding, "rule" | "function" | "path" | "version" | "originalRule">,
): string {
  // The rule that found the change, not INTERNAL_FUNCTION_CHANGED: a function turning internal
  // must not change the identity of a finding a waiver already names.
  const text = [f.originalRule ?? f.rule, f.function, f.path ?? "", f.version ?? ""].join("\u0000");
  let hash = OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * PRIME) & MASK;
  }
  return `cv1-${hash.toString(16).padStart(16, "0")}`;
}
