/**
 * The CI examples users copy must not drift from the CLI: every `npx convex-versioned …` command in
 * examples/ci/*.yml names a real command, and each of its flags is one that command accepts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cli } from "./helpers.ts";

const dir = join(process.cwd(), "examples/ci");
const commands = readdirSync(dir)
  .filter((f) => f.endsWith(".yml"))
  .flatMap((file) =>
    readFileSync(join(dir, file), "utf8")
      .split("\n")
      .map((line) => line.match(/npx convex-versioned (.*)$/)?.[1])
      .filter((args): args is string => args !== undefined)
      .map((args) => ({ file, args: args.trim().split(/\s+/) })),
  );

describe("examples/ci workflows", () => {
  test("they run the CLI", () => {
    expect(new Set(commands.map((c) => c.args[0]))).toEqual(new Set(["check", "report"]));
  });

  test.each(commands)("$file: convex-versioned $args.0 accepts every flag", async ({ args }) => {
    const [command, ...rest] = args;
    const help = await cli([command!, "--help"], process.cwd());
    expect(help.code).toBe(0);
    for (const flag of rest.filter((a) => a.startsWith("--"))) {
      expect(help.stdout, `${command} ${flag}`).toContain(flag.split("=")[0]);
    }
  });
});
