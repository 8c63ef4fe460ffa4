/**
 * The text renderers' colours (src/colors.ts) replaced picocolors, whose import probed
 * process.stdout. The escape codes must stay picocolors' own, nesting included, so terminals show
 * exactly what they showed: pinned here on plain and nested inputs.
 */
import { expect, test } from "vitest";
import { createColors } from "../../src/colors.ts";

const e = (code: number) => `\x1b[${code}m`;

test("each style wraps its text in its open and close codes", () => {
  const c = createColors(true);
  expect(c.red("x")).toBe(`${e(31)}x${e(39)}`);
  expect(c.green("x")).toBe(`${e(32)}x${e(39)}`);
  expect(c.yellow("x")).toBe(`${e(33)}x${e(39)}`);
  expect(c.blue("x")).toBe(`${e(34)}x${e(39)}`);
  expect(c.magenta("x")).toBe(`${e(35)}x${e(39)}`);
  expect(c.cyan("x")).toBe(`${e(36)}x${e(39)}`);
  expect(c.bold("x")).toBe(`${e(1)}x${e(22)}`);
  expect(c.dim("x")).toBe(`${e(2)}x${e(22)}`);
});

test("a nested style's close re-opens the outer style (bold and dim share their close code)", () => {
  const c = createColors(true);
  expect(c.red(`a${c.green("b")}c`)).toBe(`${e(31)}a${e(32)}b${e(31)}c${e(39)}`);
  expect(c.bold(`a${c.dim("b")}c`)).toBe(`${e(1)}a${e(2)}b${e(22)}${e(1)}c${e(22)}`);
  expect(c.dim(`${c.bold("b")}c`)).toBe(`${e(2)}${e(1)}b${e(22)}${e(2)}c${e(22)}`);
  // A color nested in bold does not touch bold's code.
  expect(c.bold(c.red("x"))).toBe(`${e(1)}${e(31)}x${e(39)}${e(22)}`);
});

test("disabled: the text unchanged", () => {
  const c = createColors(false);
  for (const style of Object.values(c)) expect(style("a\x1b[39mb")).toBe("a\x1b[39mb");
});
