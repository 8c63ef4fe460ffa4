/**
 * Streams usage files (or standard input, `-`) line by line into a `UsageAggregator`.
 *
 * Nothing is held whole: a month of production logs can be gigabytes, and one line can be hundreds
 * of megabytes (a runaway log, a binary file passed by mistake). Lines longer than the cap are
 * skipped as they stream past, never assembled. Bad lines are skipped and counted (the report quotes
 * the first few with their line numbers); only a source that cannot be read at all is an
 * `InputError`, because then the evidence is missing, not noisy.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { isAbsolute, relative, sep } from "node:path";
import type { Readable } from "node:stream";
import { InputError } from "../../input-error.ts";
import type { VersionedCallLog } from "../../meta.ts";
import { splitLines } from "../../split-lines.ts";
import { UsageAggregator, type UsageEvidence } from "./aggregate.ts";
import { type RecordOutcome, readRecord, type UsageSink } from "./formats.ts";

/** `--usage -`: read standard input. */
export const STDIN = "-";
/** How standard input is named in reports and messages. */
export const STDIN_NAME = "<stdin>";

/**
 * Longest line read, in bytes. Convex caps what one
 * execution may log far below this, so a longer line is not a log record; the cap keeps one such
 * line from exhausting memory.
 */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

export interface ReadUsageOptions {
  /** Called for every line, with its 1-based number, before it is parsed (progress, benchmarks). */
  onLine?: (line: number) => void;
  /** Lines longer than this (bytes) are malformed. Default `MAX_LINE_LENGTH`; lowered in tests. */
  maxLineLength?: number;
}

export interface ReadUsageFilesOptions extends ReadUsageOptions {
  /** Paths in the evidence (and so in every report) are shown relative to this directory. */
  cwd?: string;
  /** What `-` reads; default `process.stdin`. */
  stdin?: Readable;
}

/** Read every file into one body of evidence. Throws `InputError` naming an unreadable file. */
export async function readUsageFiles(
  files: readonly string[],
  options: ReadUsageFilesOptions = {},
): Promise<UsageEvidence> {
  if (files.filter((f) => f === STDIN).length > 1) {
    throw new InputError("--usage -: standard input can be read only once", STDIN);
  }
  const aggregator = new UsageAggregator();
  for (const file of files) {
    if (file === STDIN) {
      await readUsageStream(options.stdin ?? process.stdin, STDIN_NAME, aggregator, options);
    } else {
      await readUsageFile(file, aggregator, { ...options, name: shownPath(file, options.cwd) });
    }
  }
  return aggregator.evidence;
}

/** Stream one file into `aggregator`; `name` is how reports show it (default: `file`). */
export async function readUsageFile(
  file: string,
  aggregator: UsageAggregator,
  options: ReadUsageOptions & { name?: string } = {},
): Promise<void> {
  const name = options.name ?? file;
  try {
    const s = await stat(file);
    // A pipe is fine too: `--usage <(npx convex logs --jsonl)`.
    if (s.isDirectory()) throw new InputError(`--usage ${name}: not a file (a directory)`, file);
    if (!s.isFile() && !s.isFIFO()) throw new InputError(`--usage ${name}: not a file`, file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`--usage ${name}: cannot read the file (${describe(e)})`, file);
  }
  await readUsageStream(
    // The default 64 KiB chunks: 1 MiB ones make each decoded chunk a large-object string, and
    // splitting a million lines out of those measured 2-3x slower.
    createReadStream(file),
    name,
    aggregator,
    options,
    file,
  );
}

/** Stream `input` into `aggregator`, naming it `name` in the evidence and in errors. */
export async function readUsageStream(
  input: Readable,
  name: string,
  aggregator: UsageAggregator,
  options: ReadUsageOptions = {},
  file: string = name,
): Promise<void> {
  const { onLine, maxLineLength = MAX_LINE_LENGTH } = options;
  aggregator.evidence.files.push(name);
  const staged = new StagedSink();
  const tooLong = `longer than ${maxLineLength.toLocaleString("en-US")} bytes (skipped unread)`;
  let lineNo = 0;
  const readLine = (line: string | undefined) => {
    lineNo++;
    onLine?.(lineNo);
    if (line === undefined) {
      aggregator.evidence.lines++;
      aggregator.malformedLine(name, lineNo, tooLong);
      return;
    }
    const text = lineNo === 1 ? line.replace(/^\uFEFF/, "") : line;
    if (text.trim() === "") return;
    aggregator.evidence.lines++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      aggregator.malformedLine(name, lineNo, "not JSON");
      return;
    }
    staged.clear();
    let outcome: RecordOutcome;
    try {
      outcome = readRecord(value, staged);
    } catch (e) {
      // A record no rule above foresaw must cost one line of evidence, not the whole report.
      outcome = { kind: "malformed", reason: `unreadable (${describe(e)})` };
    }
    if (outcome.kind === "malformed") aggregator.malformedLine(name, lineNo, outcome.reason);
    else {
      staged.commit(aggregator);
      if (outcome.kind === "ignored") aggregator.evidence.ignored++;
    }
  };
  try {
    await splitLines(input, maxLineLength, readLine);
  } catch (e) {
    throw new InputError(
      `--usage ${name}: reading failed at line ${lineNo + 1} (${describe(e)})`,
      file,
    );
  }
}

/**
 * Holds what one record feeds until the record is known to be well-formed: a webhook body whose
 * third event is bad must not have counted its first two.
 */
class StagedSink implements UsageSink {
  #calls: Array<[string, number]> = [];
  #lines: Array<[string, VersionedCallLog, number]> = [];

  call(path: string, ms: number): void {
    this.#calls.push([path, ms]);
  }

  versionLine(path: string, line: VersionedCallLog, ms: number): void {
    this.#lines.push([path, line, ms]);
  }

  clear(): void {
    this.#calls.length = 0;
    this.#lines.length = 0;
  }

  commit(to: UsageSink): void {
    for (const [path, line, ms] of this.#lines) to.versionLine(path, line, ms);
    for (const [path, ms] of this.#calls) to.call(path, ms);
  }
}

/**
 * How a file is shown in reports: relative to `cwd`, so a Markdown comment or JSON artifact never
 * carries the runner's home directory. Paths given relative stay as given.
 */
export function shownPath(file: string, cwd: string | undefined): string {
  if (!cwd || !isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  // Another drive on Windows: nothing relative exists.
  if (rel === "" || isAbsolute(rel)) return file;
  return rel.split(sep).join("/");
}

function describe(e: unknown): string {
  if (e && typeof e === "object" && "code" in e && typeof e.code === "string") return e.code;
  return e instanceof Error ? e.message : String(e);
}
