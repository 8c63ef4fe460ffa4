/**
 * `convex-versioned surfaces record|id|ls|retire`: the client builds `check` judges besides the
 * baseline. A surface is recorded from a lock file (the committed one, another file, or the lock
 * at a git ref) into the surfaces folder; see src/surfaces/ for what it holds and docs/skew-clients.md.
 */
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { LOCK_FILE_NAME } from "../../contracts/lock-name.ts";
import { InputError } from "../../input-error.ts";
import { isIsoDate } from "../../lifecycle/dates.ts";
import type { AppSpec } from "../../model.ts";
import { SURFACES_DIR_NAME } from "../../surfaces/dir-name.ts";
import { type CliIo, type CommandResult, shown } from "../io.ts";
import { resolveNow } from "../options.ts";

interface DirFlags {
  surfaces?: string;
}
interface LockFlags {
  lock?: string;
}

function surfacesDir(o: DirFlags, io: CliIo): string {
  return resolve(io.cwd, o.surfaces ?? SURFACES_DIR_NAME);
}

async function readLock(o: LockFlags, io: CliIo): Promise<AppSpec> {
  if (o.lock === "deployment" || o.lock?.startsWith("deployment:")) {
    throw new InputError(
      `--lock ${o.lock}: a surface is recorded from a lock file (FILE or git:REF); a deployment's function-spec has no per-version shapes, so its id would match no build.`,
    );
  }
  const { readBaseline } = await import("../baseline.ts");
  return readBaseline(o.lock, io.cwd, { ...io.env }, "--lock");
}

async function idOf(o: LockFlags, io: CliIo) {
  const [{ surfaceOf }, { surfaceId }] = await Promise.all([
    import("../../surfaces/canonical.ts"),
    import("../../surfaces/id.ts"),
  ]);
  const functions = surfaceOf(await readLock(o, io));
  return { functions, id: surfaceId(functions) };
}

interface RecordFlags extends DirFlags, LockFlags {
  label: string;
  expires?: string;
  kind: "web" | "mobile";
}

export async function runRecord(o: RecordFlags, io: CliIo): Promise<CommandResult> {
  const { assertLabel, writeSurface, readSurfaces } = await import("../../surfaces/file.ts");
  assertLabel(o.label, "--label");
  if (o.expires !== undefined && !isIsoDate(o.expires))
    throw new InputError(`--expires ${o.expires}: expected a date as YYYY-MM-DD, e.g. 2027-01-31.`);
  const { functions, id } = await idOf(o, io);
  const dir = surfacesDir(o, io);
  // Validates the folder first: a broken file is reported before anything is written.
  const existing = (await readSurfaces(dir, shown(io, dir))).find((s) => s.label === o.label);
  const same =
    existing && existing.id === id && existing.kind === o.kind && existing.expires === o.expires;
  // Recording the same build again changes nothing (its recording time included).
  const file = same
    ? resolve(dir, `${o.label}.json`)
    : await writeSurface(dir, {
        surfaceVersion: 1,
        label: o.label,
        kind: o.kind,
        id,
        recordedAt: new Date().toISOString(),
        ...(o.expires ? { expires: o.expires } : {}),
        functions,
      });
  const count = Object.keys(functions).length;
  const verb = same ? "Already recorded" : existing ? "Replaced" : "Recorded";
  io.stderr(`${verb} ${o.label} (${o.kind}, ${count} public functions) in ${shown(io, file)}.\n`);
  return { exitCode: 0, output: `${id}\n` };
}

export async function runLs(
  o: DirFlags & { format: "text" | "json"; now?: string },
  io: CliIo,
): Promise<CommandResult> {
  const { readSurfaces } = await import("../../surfaces/file.ts");
  const { supersededLabels, surfaceStatus } = await import("../../surfaces/status.ts");
  const now = resolveNow(o.now);
  const dir = surfacesDir(o, io);
  const surfaces = await readSurfaces(dir, shown(io, dir));
  const superseded = supersededLabels(surfaces);
  const rows = surfaces.map((s) => ({
    label: s.label,
    kind: s.kind,
    id: s.id,
    recorded: s.recordedAt.slice(0, 10),
    expires: s.expires ?? null,
    status: surfaceStatus(s, now, superseded),
  }));
  if (o.format === "json") return { exitCode: 0, output: `${JSON.stringify(rows, null, 2)}\n` };
  if (rows.length === 0)
    return { exitCode: 0, output: `No client surfaces recorded in ${shown(io, dir)}.\n` };
  const table = [
    ["LABEL", "KIND", "ID", "RECORDED", "EXPIRES", "STATUS"],
    ...rows.map((r) => [r.label, r.kind, r.id, r.recorded, r.expires ?? "-", r.status]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const lines = table.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd(),
  );
  return { exitCode: 0, output: `${lines.join("\n")}\n` };
}

interface RetireFlags extends DirFlags {
  expired?: boolean;
  superseded?: boolean;
  now?: string;
}

export async function runRetire(
  labels: string[],
  o: RetireFlags,
  io: CliIo,
): Promise<CommandResult> {
  if (labels.length === 0 && !o.expired && !o.superseded) {
    throw new InputError(
      "surfaces retire: name the labels to retire, or pass --expired and/or --superseded.",
    );
  }
  const { readSurfaces, removeSurface } = await import("../../surfaces/file.ts");
  const { isExpired, supersededLabels } = await import("../../surfaces/status.ts");
  const now = resolveNow(o.now);
  const dir = surfacesDir(o, io);
  const surfaces = await readSurfaces(dir, shown(io, dir));
  const known = new Set(surfaces.map((s) => s.label));
  const unknown = labels.filter((l) => !known.has(l));
  if (unknown.length > 0) {
    throw new InputError(
      `surfaces retire: no surface labelled ${unknown.join(", ")} in ${shown(io, dir)} (see \`surfaces ls\`).`,
    );
  }
  const superseded = o.superseded ? supersededLabels(surfaces) : new Set<string>();
  const retire = surfaces.filter(
    (s) => labels.includes(s.label) || superseded.has(s.label) || (o.expired && isExpired(s, now)),
  );
  for (const s of retire) await removeSurface(dir, s.label);
  const output =
    retire.length === 0
      ? "Nothing to retire.\n"
      : `Retired ${retire.map((s) => s.label).join(", ")}.\n`;
  return { exitCode: 0, output };
}

export function surfacesCommand(
  program: Command,
  io: CliIo,
  done: (r: CommandResult) => void,
): Command {
  const surfaces = program
    .command("surfaces")
    .summary("Record, list and retire the client builds (surfaces) `check` protects.")
    .description(
      "A surface is the public functions' args and returns a client build was compiled against, taken from a lock file, with a stable id. `check` judges every live surface besides the baseline and names the builds a breaking change breaks.",
    );
  const dirOption = () =>
    new Option(
      "--surfaces <dir>",
      `The surfaces folder. Default: ${SURFACES_DIR_NAME}/ (next to ${LOCK_FILE_NAME}).`,
    );
  const lockOption = () =>
    new Option(
      "--lock <source>",
      `The lock file the build was made from: a file, or git:REF (the lock as committed at REF). Default: ${LOCK_FILE_NAME}.`,
    );
  const nowOption = () =>
    new Option("--now <date>", "Judge expiry as of this day (YYYY-MM-DD). Default: today (UTC).");

  surfaces
    .command("record")
    .summary("Record a client build's surface in the surfaces folder and print its id.")
    .requiredOption(
      "--label <label>",
      "The build, e.g. web@a1b2c3 or mobile@2.1.0 (the file name).",
    )
    .addOption(lockOption())
    .option("--expires <date>", "The last day the build is live (YYYY-MM-DD). Default: never.")
    .addOption(
      new Option(
        "--kind <kind>",
        "web: superseded by the next web build; mobile: stays until retired by hand.",
      )
        .choices(["web", "mobile"])
        .default("web"),
    )
    .addOption(dirOption())
    .action(async (o: RecordFlags) => done(await runRecord(o, io)));

  surfaces
    .command("id")
    .summary("Print the surface id of a lock file (for build scripts).")
    .addOption(lockOption())
    .action(async (o: LockFlags) => done({ exitCode: 0, output: `${(await idOf(o, io)).id}\n` }));

  surfaces
    .command("ls")
    .summary("List the recorded surfaces: label, kind, id, recorded, expires, status.")
    .addOption(
      new Option("--format <format>", "Output format.").choices(["text", "json"]).default("text"),
    )
    .addOption(nowOption())
    .addOption(dirOption())
    .action(async (o: DirFlags & { format: "text" | "json"; now?: string }) =>
      done(await runLs(o, io)),
    );

  surfaces
    .command("retire")
    .summary("Remove surfaces: by label, expired ones, or web builds a newer web build superseded.")
    .argument("[labels...]", "Labels to retire.")
    .option("--expired", "Retire every surface past its expiry date.")
    .option("--superseded", "Retire every web surface but the newest (mobile ones stay).")
    .addOption(nowOption())
    .addOption(dirOption())
    .action(async (labels: string[], o: RetireFlags) => done(await runRetire(labels, o, io)));

  return surfaces;
}
