/**
 * A problem with what the user gave the CLI: a bad flag, an unreadable or malformed file.
 * The CLI prints `message` and exits 2 without writing anything. `file` and `field` name the culprit.
 */
export class InputError extends Error {
  override name = "InputError";
  constructor(
    message: string,
    readonly file?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
