import { readFileSync } from "node:fs";

/**
 * This package's version, part of every cache key: a release may change what is loaded or how a
 * type converts. The same relative path works from src/ and from dist/.
 */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;
