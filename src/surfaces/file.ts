/**
 * The surfaces folder (`convex-versioned.surfaces/`, next to the lock file): one small committed
 * JSON file per recorded client build, named for its label (`web@a1b2c3.json`). Read strictly —
 * a hand-edited or renamed file fails naming the file and the field — and written atomically.
 */
import { mkdir, readdir, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { readJsonFile } from "../contracts/json-file.ts";
import { parseLockFile } from "../contracts/lockfile.ts";
import { writeFileAtomic } from "../contracts/write-atomic.ts";
import { InputError } from "../input-error.ts";
import { isIsoDate } from "../lifecycle/dates.ts";
import { type SurfaceFunction, type SurfaceFunctions, surfaceAsApp } from "./canonical.ts";
import { SURFACE_ID, surfaceId } from "./id.ts";

export { SURFACES_DIR_NAME } from "./dir-name.ts";

/** `web`: superseded by the next web build; `mobile`: stays until retired by hand. */
export const SURFACE_KINDS = ["web", "mobile"] as const;
export type SurfaceKind = (typeof SURFACE_KINDS)[number];

/** `web@a1b2c3`, `mobile@2.1.0`, `ios-2.1.0+45`: also the file name, so no `/`, no spaces. */
export const LABEL = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$/;

export interface SurfaceRecord {
  surfaceVersion: 1;
  label: string;
  kind: SurfaceKind;
  /** `s1-` + 16 hex; the hash of `functions`. */
  id: string;
  /** ISO timestamp; orders web builds (the newest supersedes the others). */
  recordedAt: string;
  /** YYYY-MM-DD: the last day the surface is live. */
  expires?: string;
  functions: SurfaceFunctions;
}

export function assertLabel(label: string, where: string): void {
  if (!LABEL.test(label)) {
    throw new InputError(
      `${where}: label ${JSON.stringify(label)} must start with a letter or digit and use only letters, digits and . _ @ + - (it names the file), e.g. web@a1b2c3 or mobile@2.1.0.`,
    );
  }
}

export function surfaceFileName(label: string): string {
  return `${label}.json`;
}

/** The file's exact text: fixed field order, validators with sorted keys, 2-space JSON. */
export function serializeSurface(record: SurfaceRecord): string {
  const { surfaceVersion, label, kind, id, recordedAt, expires, functions } = record;
  const ordered = {
    surfaceVersion,
    label,
    kind,
    id,
    recordedAt,
    ...(expires ? { expires } : {}),
    functions,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function fail(file: string, field: string, what: string): never {
  throw new InputError(`${file}: ${field} ${what}`, file, field);
}

/** Validates parsed JSON as a surface file; `file` names it in errors. */
export async function parseSurface(json: unknown, file: string): Promise<SurfaceRecord> {
  if (typeof json !== "object" || json === null || Array.isArray(json))
    fail(file, "(top level)", "must be an object (a convex-versioned surface file).");
  const r = json as Record<string, unknown>;
  if (r.surfaceVersion !== 1)
    fail(file, "surfaceVersion", `must be 1, got ${JSON.stringify(r.surfaceVersion)}.`);
  if (typeof r.label !== "string" || !LABEL.test(r.label))
    fail(file, "label", `must be a label like web@a1b2c3, got ${JSON.stringify(r.label)}.`);
  if (basename(file) !== surfaceFileName(r.label)) {
    fail(
      file,
      "label",
      `is ${JSON.stringify(r.label)} but the file is named ${basename(file)}; the file name must be the label plus .json.`,
    );
  }
  if (!SURFACE_KINDS.includes(r.kind as SurfaceKind))
    fail(file, "kind", `must be ${SURFACE_KINDS.join(" or ")}, got ${JSON.stringify(r.kind)}.`);
  if (typeof r.id !== "string" || !SURFACE_ID.test(r.id))
    fail(file, "id", `must be s1- and 16 hex digits, got ${JSON.stringify(r.id)}.`);
  if (typeof r.recordedAt !== "string" || Number.isNaN(Date.parse(r.recordedAt)))
    fail(file, "recordedAt", `must be an ISO timestamp, got ${JSON.stringify(r.recordedAt)}.`);
  if (r.expires !== undefined && !isIsoDate(r.expires))
    fail(file, "expires", `must be a date as YYYY-MM-DD, got ${JSON.stringify(r.expires)}.`);
  if (typeof r.functions !== "object" || r.functions === null || Array.isArray(r.functions))
    fail(file, "functions", "must be an object keyed by function path.");
  // The shapes are validated as the lock file's are (same validator JSON, same messages).
  const asLock = { lockfileVersion: 1, ...surfaceAsApp(r.functions as SurfaceFunctions) };
  const lock = await parseLockFile(asLock, file);
  const functions: SurfaceFunctions = {};
  for (const [path, fn] of Object.entries(lock.functions)) {
    const { visibility: _public, versioned, ...shape } = fn;
    if (versioned) fail(file, `functions["${path}"].versioned`, "is not part of a surface.");
    functions[path] = shape as SurfaceFunction;
  }
  const computed = surfaceId(functions);
  if (computed !== r.id) {
    fail(
      file,
      "id",
      `is ${r.id} but its functions hash to ${computed}: the file was edited by hand. Record it again (npx convex-versioned surfaces record --label ${r.label} --lock git:REF).`,
    );
  }
  return {
    surfaceVersion: 1,
    label: r.label,
    kind: r.kind as SurfaceKind,
    id: r.id,
    recordedAt: r.recordedAt,
    ...(r.expires !== undefined ? { expires: r.expires as string } : {}),
    functions,
  };
}

/** Every surface in `dir`, sorted by label; none when the folder does not exist. */
export async function readSurfaces(dir: string, shownDir = dir): Promise<SurfaceRecord[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return [];
    if (code === "ENOTDIR") throw new InputError(`${shownDir}: not a folder.`, shownDir);
    throw error;
  }
  const files = names.filter((n) => n.endsWith(".json") && !n.startsWith(".")).sort();
  return Promise.all(
    files.map(async (name) => {
      const shown = join(shownDir, name);
      return parseSurface(await readJsonFile(join(dir, name), shown), shown);
    }),
  );
}

export async function writeSurface(dir: string, record: SurfaceRecord): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, surfaceFileName(record.label));
  await writeFileAtomic(file, serializeSurface(record));
  return file;
}

export async function removeSurface(dir: string, label: string): Promise<void> {
  await rm(join(dir, surfaceFileName(label)));
}
