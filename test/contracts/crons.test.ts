/** The loader reads `crons.ts`'s `cronJobs()` default export with the app: each cron's name, target and args. */
import { join } from "node:path";
import { expect, test } from "vitest";
import { loadConvexDir } from "../../src/contracts/load.ts";
import { fixtures } from "./helpers.ts";

test("crons come with the loaded app, their targets normalised like every function path", async () => {
  const app = await loadConvexDir(join(fixtures, "pending/convex"));
  expect(app.crons).toEqual([
    {
      name: "send digest",
      function: "jobs:sendEmail",
      args: { to: "team@example.com", subject: "digest" },
    },
    { name: "process backlog", function: "jobs:processOrder", args: { orderId: "backlog" } },
    { name: "bad digest", function: "jobs:sendEmail", args: { to: "team@example.com" } },
    { name: "old cleanup", function: "jobs:cleanup", args: {} },
  ]);
  // An app without crons.ts has none.
  expect((await loadConvexDir(join(fixtures, "pending-components/convex"))).crons).toBeUndefined();
});
