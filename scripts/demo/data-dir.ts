import path from "node:path";
import { PROJECT_ROOT } from "../../server/paths";

/** Where the local system started by `npm start` keeps its databases, keystores and demo logins. */
export const LOCAL_DATA_DIR = process.env.TASDIQ_DATA_DIR ?? path.join(PROJECT_ROOT, ".tasdiq");
