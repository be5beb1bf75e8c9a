import { existsSync } from "node:fs";
import path from "node:path";

const parent = path.resolve(__dirname, "..");

/**
 * The repository's root, where web/dist, deployments/ and node_modules are, whether this file runs
 * from source (server/paths.ts) or from the compiled build (dist/server/paths.js).
 */
export const PROJECT_ROOT = existsSync(path.join(parent, "package.json")) ? parent : path.dirname(parent);
