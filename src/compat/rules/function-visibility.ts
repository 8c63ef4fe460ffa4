/** FUNCTION_NO_INTERNALIZE: a public function turned internal disappears for every client. */
import type { Visibility } from "../../model.ts";
import type { Finding } from "../types.ts";
import { finding, rule } from "./rule.ts";
import { exportName, modulePath } from "./snippets.ts";

export const FUNCTION_NO_INTERNALIZE = rule({
  id: "FUNCTION_NO_INTERNALIZE",
  level: "breaking",
  purpose: "Checks that no public function becomes internal.",
  doc: 'Clients cannot call internal functions: to an old client the function is gone ("Could not find public function").',
  fix: `Keep a public function under the old name that checks what it must (auth) and calls the same logic as the internal one (a shared helper). To retire the public name, deprecate it first and make it internal after the date passed, or leave it as a tombstone that answers with a typed error: \`.version("2026-01-01", { name: "oldName", removed: { since: "2026-03-01" } })\` as the first version of a public definition.`,
});
export function checkVisibility(
  fn: string,
  before: Visibility,
  after: Visibility,
  /** Today: the tombstone in the fix is dated, and named after the function. */
  now?: string,
): Finding[] {
  if (!(before === "public" && after === "internal")) return [];
  const name = exportName(fn);
  const fix =
    now === undefined
      ? FUNCTION_NO_INTERNALIZE.fix
      : `Keep a public function named "${name}" in \`convex/${modulePath(fn)}.ts\` that checks what it must (auth) and calls the same logic as the internal one (a shared helper), and give the internal one another name. To retire the public name, deprecate it first and make it internal after the date passed, or leave it as a tombstone that answers with a typed error: \`.version("legacy", { name: "${name}", removed: { since: "${now}" } })\` as the first version of a public definition.`;
  return [
    finding(
      FUNCTION_NO_INTERNALIZE,
      fn,
      `Function "${fn}" was made internal; old clients can no longer call it.`,
      { fix },
    ),
  ];
}
