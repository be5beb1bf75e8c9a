import { LOCAL_DATA_DIR } from "./data-dir";
import { demoLoginsPath, readDemoLogins } from "./logins";

// `npm run demo:logins`: every staff login of the local demo, as `npm start` seeded them.
const list = readDemoLogins(LOCAL_DATA_DIR);
if (list === undefined) {
  console.error(`No demo logins in ${demoLoginsPath(LOCAL_DATA_DIR)} yet: run npm start first, which seeds the demo.`);
  process.exit(1);
}
process.stdout.write(list);
