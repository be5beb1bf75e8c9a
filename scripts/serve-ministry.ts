import path from "node:path";
import { Command } from "commander";
import { headersFile, serveStaticFolder } from "./lib/static-site";

/**
 * Serves a dashboard folder built by `npm run build:ministry` with the headers of its `_headers` file,
 * as a ministry's static host would (for a try-out; production puts it behind its own TLS web server):
 *   npm run serve:ministry -- --port 8081
 */
const program = new Command()
  .name("serve:ministry")
  .option("--dir <dir>", "the built dashboard", path.join("dist", "ministry-dashboard"))
  .option("--host <host>", "the address to listen on", "127.0.0.1")
  .option("--port <port>", "the port to listen on", "8081")
  .parse();

const { dir, host, port } = program.opts<{ dir: string; host: string; port: string }>();
serveStaticFolder(dir, { headers: headersFile(dir), host, port: Number(port) })
  .then((site) => console.log(`Ministry dashboard at ${site.origin}/ (Ctrl-C to stop)`))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
