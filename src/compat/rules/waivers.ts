/** WAIVER_EXPIRED and WAIVER_UNUSED: keep the waiver file honest. */
import { type RuleSpec, rule } from "./rule.ts";

export const WAIVER_EXPIRED = rule({
  id: "WAIVER_EXPIRED",
  level: "info",
  purpose: "Notes a waiver whose `expires` date has passed (it waives nothing any more).",
  doc: "Waivers are temporary by design: once expired, the change it covered fails the check again if it is still there.",
  fix: "Fix the change, or renew the waiver with a new `expires` date and a reason that still holds.",
});

export const WAIVER_UNUSED = rule({
  id: "WAIVER_UNUSED",
  level: "info",
  purpose: "Notes a waiver that matches no finding.",
  doc: "The change it was written for is gone (or the rule or function name is misspelled), so it only adds noise, or waits to hide a future change.",
  fix: "Delete the waiver, or correct its `rule`/`function`.",
});

export const WAIVER_RULES: RuleSpec[] = [WAIVER_EXPIRED, WAIVER_UNUSED];
