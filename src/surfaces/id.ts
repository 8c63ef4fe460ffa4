/**
 * A surface's id: `s1-` and 16 hex digits of the SHA-256 of its canonical JSON. The client build
 * knows it as a plain string (`VITE_CONVEX_SURFACE=$(npx convex-versioned surfaces id)`) and the
 * skew beacon lists the ids the deployed code serves. `s1` names this canonical form: a change to
 * what a surface holds gets a new prefix, never a silently different hash.
 */
import { createHash } from "node:crypto";
import { sortKeysDeep } from "../contracts/canonical.ts";
import type { SurfaceFunctions } from "./canonical.ts";

export const SURFACE_ID = /^s1-[0-9a-f]{16}$/;

/** Keys sorted at every level before hashing: the same shapes give the same id in any order. */
export function surfaceId(functions: SurfaceFunctions): string {
  const hash = createHash("sha256")
    .update(JSON.stringify(sortKeysDeep(functions)))
    .digest("hex");
  return `s1-${hash.slice(0, 16)}`;
}
