/** The surfaces folder's default name, next to the lock file; on its own so option tables load nothing else. */
export const SURFACES_DIR_NAME = "convex-versioned.surfaces";
