/** The project's real convex/ app on convex-test, called by string path as an old client would. */
import { makeFunctionReference } from "convex/server";
import { convexTest } from "convex-test";
import schema from "../../convex/schema";

export const modules = import.meta.glob("../../convex/**/*.ts");

export function backend() {
  return convexTest(schema, modules);
}

export const ref = {
  query: (path: string) => makeFunctionReference<"query">(path),
  mutation: (path: string) => makeFunctionReference<"mutation">(path),
  action: (path: string) => makeFunctionReference<"action">(path),
};

/** The `data` of the ConvexError a call rejected with (convex-test keeps it as an object). */
export async function convexErrorData(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error: any) {
    if (error && Symbol.for("ConvexError") in error) {
      return typeof error.data === "string" ? JSON.parse(error.data) : error.data;
    }
    throw new Error(`expected a ConvexError, got: ${error}`);
  }
  throw new Error("expected the call to fail, it succeeded");
}
