/**
 * Modules that read deployment variables at import time (issue 5 item 3): they load with
 * `--env-file`, with `--env`, or with placeholders, and without any of them the error names the
 * module, the variable and the flags.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parseEnvPairs, readEnvFile } from "../../src/contracts/env.ts";
import { loadConvexDir } from "../../src/contracts/load.ts";
import { InputError } from "../../src/input-error.ts";
import { envApp } from "./helpers.ts";

const KEY = "CV_FIXTURE_STRIPE_KEY";

afterEach(() => {
  // Loading must leave the process environment exactly as it found it.
  expect(process.env[KEY]).toBeUndefined();
  expect(process.env.CV_FIXTURE_REGION).toBeUndefined();
});

describe("import-time environment variables", () => {
  it("without them: names the module, the error, the variables it read and the flags", async () => {
    const error = await loadConvexDir(envApp).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("billing.ts: Error: Missing Stripe key");
    expect(error.message).toContain(`It read environment variables that are not set: ${KEY}.`);
    expect(error.message).toContain("--env-file FILE");
    expect(error.message).toContain(`--env ${KEY}=VALUE`);
    expect(error.message).toContain("--env-placeholders");
  });

  it("loads with the variables of an env file", async () => {
    const env = readEnvFile(join(envApp, "../fixture.env"));
    expect(env).toEqual({ [KEY]: "sk_test_from_file" });
    const app = await loadConvexDir(envApp, { env });
    expect(Object.keys(app.functions)).toEqual(["billing:charge", "notes:list"]);
    expect(app.warnings).toEqual([]);
  });

  it("loads with --env KEY=VALUE pairs", async () => {
    const app = await loadConvexDir(envApp, { env: parseEnvPairs([`${KEY}=sk=with=equals`]) });
    expect(app.functions["billing:charge"]).toMatchObject({
      kind: "action",
      returns: { type: "string" },
    });
  });

  it("loads with placeholders and lists the variables that were placeholdered", async () => {
    const app = await loadConvexDir(envApp, { envFallback: true });
    expect(Object.keys(app.functions)).toEqual(["billing:charge", "notes:list"]);
    expect(app.warnings).toHaveLength(1);
    expect(app.warnings[0]).toContain(`${KEY}, CV_FIXTURE_REGION`);
  });

  it("rejects a malformed --env pair and a missing env file", () => {
    expect(() => parseEnvPairs(["NOVALUE"])).toThrow(/--env NOVALUE: expected KEY=VALUE/);
    expect(() => parseEnvPairs(["=x"])).toThrow(InputError);
    expect(() => readEnvFile(join(envApp, "missing.env"))).toThrow(
      /missing\.env: cannot read it \(no such file\)/,
    );
  });
});

describe("placeholders a module rejects", () => {
  const root = join(process.cwd(), "test/.tmp", `env-shape-${process.pid}`);
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const app = (name: string, source: string) => {
    const dir = join(root, name, "convex");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(root, name, "package.json"), "{}");
    writeFileSync(join(dir, "api.ts"), source);
    return dir;
  };

  it("say which placeholders it read and to pass a value of the right shape", async () => {
    const dir = app(
      "url",
      `import { queryGeneric } from "convex/server";
// A client library checks its config at import, as Qdrant's and Twilio's do.
const inTests = process.env.JEST_WORKER_ID;
const url = process.env.CV_FIXTURE_API_URL as string;
if (!/^https?:\\/\\//.test(url)) throw new Error("expected a URL starting with http:// or https://");
export const ping = queryGeneric({ args: {}, handler: async () => url + inTests });
`,
    );
    const error = await loadConvexDir(dir, { envFallback: true }).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      'With --env-placeholders it read these as "convex-versioned-placeholder:NAME": CV_FIXTURE_API_URL.',
    );
    expect(error.message).toContain("--env CV_FIXTURE_API_URL=VALUE");
    expect(error.message).not.toContain("It read environment variables that are not set");
  });

  it("a test runner's marker reads as unset, as in a deployment, never as a placeholder (nor `then`)", async () => {
    const dir = app(
      "probe",
      `import { queryGeneric } from "convex/server";
import { v } from "convex/values";
const env = await Promise.resolve(process.env); // asks it for \`then\`
const args = env.JEST_WORKER_ID === undefined ? {} : { underJest: v.string() };
export const ping = queryGeneric({ args, handler: async () => null });
`,
    );
    const loaded = await loadConvexDir(dir, { envFallback: true });
    expect(loaded.functions["api:ping"]?.args).toEqual({ type: "object", value: {} });
    expect(loaded.warnings).toEqual([]);
  });
});
