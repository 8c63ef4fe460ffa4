/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as channels from "../channels.js";
import type * as messages from "../messages.js";
import type * as newsletter from "../newsletter.js";
import type * as orders from "../orders.js";
import type * as parsing from "../parsing.js";
import type * as profiles from "../profiles.js";
import type * as summaries from "../summaries.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  channels: typeof channels;
  messages: typeof messages;
  newsletter: typeof newsletter;
  orders: typeof orders;
  parsing: typeof parsing;
  profiles: typeof profiles;
  summaries: typeof summaries;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
