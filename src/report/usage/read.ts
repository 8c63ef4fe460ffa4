/**
 * Streams usage files line by line (`node:readline` over a read stream) into a `UsageAggregator`.
 *
 * A file is never held in memory: a month of production logs can be gigabytes. Bad lines are
 * skipped and counted (the report quotes the first few with their line numbers); only a file that
 * cannot be read at all is an `InputError`, because then the evidence is missing, not noisy.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { InputError } from "../../input-error.ts";
import { UsageAggregator, type UsageEvidence } from "./aggregate.ts";
import { readRecord } from "./formats.ts";

/** Read every file into one body of evidence. Throws `InputError` naming an unreadable file. */
export async function readUsageFiles(files: readonly string[]): Promise<UsageEvidence> {
  const aggregator = new UsageAggregator();
  for (const file of files) await readUsageFile(file, aggregator);
  return aggregator.evidence;
}

export interface ReadUsageOptions {
  /** Called for every line, with its 1-based number, before it is parsed (progress, benchmarks). */
  onLine?: (line: number) => void;
}

/** Stream one file into `aggregator`. */
export async function readUsageFile(
  file: string,
  aggregator: UsageAggregator,
  options: ReadUsageOptions = {},
): Promise<void> {
  const { onLine } = options;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new InputError(`--usage ${file}: not a file`, file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`--usage ${file}: cannot read the file (${describe(e)})`, file);
  }
  const stream = createReadStream(file, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let streamError: unknown;
  stream.on("error", (e) => {
    streamError = e;
    lines.close();
  });
  aggregator.evidence.files.push(file);
  let lineNo = 0;
  for await (const text of lines) {
    lineNo++;
    onLine?.(lineNo);
    if (text.trim() === "") continue;
    aggregator.evidence.lines++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      aggregator.malformedLine(file, lineNo, "not JSON");
      continue;
    }
    const outcome = readRecord(value, aggregator);
    if (outcome.kind === "malformed") aggregator.malformedLine(file, lineNo, outcome.reason);
    else if (outcome.kind === "ignored") aggregator.evidence.ignored++;
  }
  if (streamError) {
    throw new InputError(
      `--usage ${file}: reading failed at line ${lineNo} (${describe(streamError)})`,
      file,
    );
  }
}

function describe(e: unknown): string {
  if (e && typeof e === "object" && "code" in e && typeof e.code === "string") return e.code;
  return e instanceof Error ? e.message : String(e);
}
