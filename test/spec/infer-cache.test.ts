/** The inferred-contract cache never serves a stale contract: any change to the folder re-infers. */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { loadAppWithContracts } from "../../src/spec/index.ts";

const scratch = join(process.cwd(), "test/.tmp", `infer-cache-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("editing a handler changes the inferred contract on the next load (cache keyed by content)", async () => {
  mkdirSync(scratch, { recursive: true });
  const dir = join(scratch, "convex");
  cpSync(join(process.cwd(), "test/fixtures/infer/field-removed/before/convex"), dir, {
    recursive: true,
  });
  const fields = async () => {
    const app = await loadAppWithContracts(dir, {});
    const inferred = app.functions["users:profile"]?.returnsInferred as any;
    return Object.keys(inferred.value).sort();
  };
  const first = await fields();
  expect(first).toEqual(["hasEmail", "id", "name"]);
  expect(await fields()).toEqual(first); // second load: from the cache, same answer
  const file = join(dir, "users.ts");
  writeFileSync(
    file,
    readFileSync(file, "utf8").replace("name: user.name", "displayName: user.name"),
  );
  expect(await fields()).toEqual(["displayName", "hasEmail", "id"]);
}, 60_000);
