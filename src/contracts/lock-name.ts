/** The lock file's default name, on its own so the CLI's option table needs nothing else. */
export const LOCK_FILE_NAME = "convex-versioned.lock.json";
