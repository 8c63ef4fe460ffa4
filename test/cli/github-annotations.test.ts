/**
 * The workflow-command form of both GitHub renderers with a location: `::level file=…,line=…,title=…::
 * message`, properties escaped as the runner reads them (`%`, CR, LF, and `:` `,` in properties), a
 * location only where one was found.
 */
import { expect, test } from "vitest";
import { renderCheck } from "../../src/compat/index.ts";
import type { CheckResult } from "../../src/compat/types.ts";

const result: CheckResult = {
  ok: false,
  changes: [
    {
      rule: "ARG_NO_ADD_REQUIRED",
      level: "breaking",
      function: "odd,dir/a:b:create",
      path: "args.topic",
      message: 'Required argument "topic" was added;\n100% sure',
    },
    { rule: "FUNCTION_NO_DELETE", level: "breaking", function: "gone:f", message: "removed" },
    { rule: "X", level: "info", function: "elsewhere:f", message: "m" },
  ],
};

test("check: file= and line= where known, file= alone where only the module is, nothing otherwise", () => {
  const asked: [string, string | undefined][] = [];
  const out = renderCheck(result, "github", {
    color: false,
    locate: (fn, version) => {
      asked.push([fn, version]);
      if (fn.startsWith("odd")) return { file: "convex/odd,dir/a:b.ts", line: 7 };
      if (fn.startsWith("gone")) return { file: "convex/gone.ts" };
      return undefined;
    },
  }).split("\n");
  expect(out[0]).toBe(
    '::error file=convex/odd%2Cdir/a%3Ab.ts,line=7,title=ARG_NO_ADD_REQUIRED::Required argument "topic" was added;%0A100%25 sure [args.topic]',
  );
  expect(out[1]).toBe("::error file=convex/gone.ts,title=FUNCTION_NO_DELETE::removed");
  expect(out[2]).toBe("::notice title=X::m");
  expect(asked[0]).toEqual(["odd,dir/a:b:create", undefined]);
});

test("check: a finding about one version is located by its label", () => {
  const versioned: CheckResult = {
    ok: true,
    changes: [
      {
        rule: "VERSION_DEPRECATED",
        level: "info",
        function: "m:f",
        version: "2026-10-01",
        message: "d",
      },
    ],
  };
  const out = renderCheck(versioned, "github", {
    color: false,
    locate: (fn, version) => (version === "2026-10-01" ? { file: `${fn}.ts`, line: 9 } : undefined),
  });
  expect(out.split("\n")[0]).toBe("::notice file=m%3Af.ts,line=9,title=VERSION_DEPRECATED::d");
});
