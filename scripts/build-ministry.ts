import { readFileSync } from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { Deployment } from "../core";
import { buildMinistryDashboard } from "./lib/ministry-dashboard";

/**
 * Builds the ministry dashboard as static files for the ministry's (or ALECSO's) own origin:
 *   npm run build:ministry -- --origin https://dashboard.moe.example --rpc-url https://rpc.example \
 *     --deployment deployments/custom.json --audit-url https://audit.moe.example/api/audit/overview
 * and serve the output folder there, with the headers of its `_headers` file (docs/deploy.md).
 */
const program = new Command()
  .name("build:ministry")
  .requiredOption(
    "--origin <url>",
    "the ministry's own origin that will serve the dashboard; the page signs nowhere else",
  )
  .requiredOption(
    "--rpc-url <url>",
    "the chain RPC the page reads the registry through (and sends keystore-signed transactions to)",
  )
  .requiredOption("--deployment <file>", "the deployment file of the registries (written by npm run deploy)")
  .requiredOption("--audit-url <url>", "the GET /api/audit/overview endpoint the figures come from")
  .addOption(new Option("--no-keystore", "offer only wallet signing: no keystore file can be opened in the page"))
  .option("--out <dir>", "the folder to write", path.join("dist", "ministry-dashboard"))
  .parse();

const options = program.opts<{
  origin: string;
  rpcUrl: string;
  deployment: string;
  auditUrl: string;
  keystore: boolean;
  out: string;
}>();

buildMinistryDashboard(options.out, {
  origin: options.origin,
  rpcUrl: options.rpcUrl,
  deployment: Deployment.parse(JSON.parse(readFileSync(options.deployment, "utf8"))),
  auditUrl: options.auditUrl,
  keystore: options.keystore,
})
  .then(({ dir, policy }) =>
    console.log(
      `Ministry dashboard written to ${path.relative(process.cwd(), dir)}\n  Content-Security-Policy: ${policy}`,
    ),
  )
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
