/**
 * A finding's fingerprint: the same change on the same function gives the same string on every
 * run and machine, whatever the message wording or the order of findings, so a waiver or a CI
 * dashboard can name one finding. Built from rule, function, path and version only (a message may
 * be reworded between releases; those four are the finding's identity). The hash is cyrb53's
 * mixing widened to 64 bits: pure JS with 32-bit integer ops (cheap on every finding of a large
 * app), no crypto needed for an identifier that only has to be stable and rarely collide.
 */
import type { Finding } from "./types.ts";

/** `cv1-` and 16 hex digits, e.g. `cv1-f4ed99f007f4212e`. */
export function fingerprint(
  f: Pick<Finding, "rule" | "function" | "path" | "version" | "originalRule">,
): string {
  // The rule that found the change, not INTERNAL_FUNCTION_CHANGED: a function turning internal
  // must not change the identity of a finding a waiver already names.
  const text = `${f.originalRule ?? f.rule}\u0000${f.function}\u0000${f.path ?? ""}\u0000${f.version ?? ""}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0");
  return `cv1-${hex(h2)}${hex(h1)}`;
}
