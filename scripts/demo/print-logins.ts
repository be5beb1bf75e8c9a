import path from "node:path";
import { demoLoginsPath, readDemoLogins } from "./logins";

// `npm run demo:logins`: every staff login of the local demo, as `npm start` seeded them.
const dataDir = process.env.TASDIQ_DATA_DIR ?? path.join(__dirname, "..", "..", ".tasdiq");
const list = readDemoLogins(dataDir);
if (list === undefined) {
  console.error(`No demo logins in ${demoLoginsPath(dataDir)} yet: run npm start first, which seeds the demo.`);
  process.exit(1);
}
process.stdout.write(list);
