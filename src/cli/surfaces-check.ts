/**
 * `check`'s part in client surfaces: the recorded builds judged besides the baseline, and the skew
 * beacon written when the check passes. The judgement itself is pure (src/surfaces/judge.ts); this
 * file reads the folder, writes the beacon and says what it did.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { CheckResult, CheckOptions as CompatOptions } from "../compat/types.ts";
import { LOCK_FILE_NAME } from "../contracts/lock-name.ts";
import { InputError } from "../input-error.ts";
import type { AppSpec } from "../model.ts";
import { SURFACES_DIR_NAME } from "../surfaces/dir-name.ts";
import { type CliIo, shown } from "./io.ts";

export interface SurfaceFlags {
  /** The surfaces folder; default `convex-versioned.surfaces/` when it exists. */
  surfaces?: string;
  /** Where to write the skew beacon module (only when the check passes). */
  beacon?: string;
}

/** Flag errors before anything is loaded: the beacon's folder and an explicit surfaces folder exist. */
export function assertSurfaceFlags(o: SurfaceFlags, io: CliIo): void {
  if (o.beacon && !existsSync(dirname(resolve(io.cwd, o.beacon))))
    throw new InputError(`--beacon ${o.beacon}: its folder does not exist.`, o.beacon);
  if (o.surfaces !== undefined && !existsSync(resolve(io.cwd, o.surfaces)))
    throw new InputError(`--surfaces ${o.surfaces}: no such folder.`, o.surfaces);
}

/**
 * The live client surfaces judged too (src/surfaces/judge.ts), and with `--beacon`, the beacon
 * module written when the check passes: the surfaces served, the current code's own id, and the
 * baseline's id when the baseline had nothing breaking (a build made from the committed lock).
 */
export async function withSurfaces(
  o: SurfaceFlags,
  io: CliIo,
  baseline: AppSpec,
  current: AppSpec,
  {
    result,
    options,
    warnings,
  }: {
    result: CheckResult;
    options: CompatOptions;
    /** The run's warnings (JSON `warnings`): a stale lock is added to them. */
    warnings: string[];
  },
): Promise<CheckResult> {
  const dir = resolve(io.cwd, o.surfaces ?? SURFACES_DIR_NAME);
  if (!o.beacon && !existsSync(dir)) return result;
  const { readSurfaces } = await import("../surfaces/file.ts");
  const { liveSurfaces } = await import("../surfaces/status.ts");
  const { judgeSurfaces } = await import("../surfaces/judge.ts");
  const recorded = await readSurfaces(dir, shown(io, dir));
  const live = liveSurfaces(recorded, options.now);
  // Recorded but all expired: judged as without surfaces, and the output says none is live.
  const judged =
    live.length === 0 && recorded.length > 0
      ? { ...result, surfaces: [] }
      : judgeSurfaces(result, live, current, options).result;
  if (!o.beacon || !judged.ok) return judged;
  const { surfaceOf } = await import("../surfaces/canonical.ts");
  const { surfaceId } = await import("../surfaces/id.ts");
  const { writeBeacon } = await import("../surfaces/beacon.ts");
  const served = (judged.surfaces ?? []).filter((s) => s.served).map((s) => s.id);
  served.push(surfaceId(surfaceOf(current)));
  if (!result.changes.some((f) => f.level === "breaking"))
    served.push(surfaceId(surfaceOf(baseline)));
  const stale = await staleLockWarning(io, served);
  if (stale) {
    warnings.push(stale);
    io.stderr(`warning: ${stale}\n`);
  }
  const file = resolve(io.cwd, o.beacon);
  const written = await writeBeacon(file, served);
  const count = new Set(served).size;
  io.stderr(
    `${written ? "Wrote" : "Unchanged:"} ${shown(io, file)} (serves ${count} surface id${count === 1 ? "" : "s"}).\n`,
  );
  return judged;
}

/**
 * A web build takes its id from the committed lock (`surfaces id`); when that lock's surface is
 * not served, the build just deployed would be told it is stale as soon as it loads: the warning
 * that says so, or undefined.
 */
async function staleLockWarning(io: CliIo, served: readonly string[]): Promise<string | undefined> {
  const lock = resolve(io.cwd, LOCK_FILE_NAME);
  if (!existsSync(lock)) return undefined;
  const { readSpecFile } = await import("../contracts/read-spec-file.ts");
  const { surfaceOf } = await import("../surfaces/canonical.ts");
  const { surfaceId } = await import("../surfaces/id.ts");
  // Only a warning: a lock this check does not use must not fail it.
  const app = await readSpecFile(lock, LOCK_FILE_NAME).catch(() => undefined);
  if (!app || served.includes(surfaceId(surfaceOf(app)))) return undefined;
  return `${LOCK_FILE_NAME} does not describe the code being deployed, and its surface is not served: a build that takes its id from it (surfaces id) would be told it is stale. Run \`npx convex-versioned snapshot\` and commit the lock before building.`;
}
