import { readFile } from "node:fs/promises";
import path from "node:path";
import { Contract, Wallet } from "ethers";
import type { JsonRpcProvider } from "ethers";
import { ISSUER_REGISTRY_ABI, readMirrors } from "../../core";
import type { CountryCode, Deployment } from "../../core";
import { createLogger } from "../../server/logger";
import { MirrorConfig } from "../../server/mirror/config";
import { startMirror } from "../../server/mirror/mirror";
import type { RunningMirror } from "../../server/mirror/mirror";
import { ministryKeystorePath } from "./demo";

/**
 * The demo ministry's mirror of stored credentials: its own service and database (in `dataDir`),
 * published on chain by the ministry with its own key, the way a ministry would run one
 * (docs/deploy.md). Published again only when the chain lists another URL for it.
 */
export async function startDemoMirror(options: {
  provider: JsonRpcProvider;
  rpcUrl: string;
  deployment: Deployment;
  deploymentFile: string;
  dataDir: string;
  keystoreDir: string;
  keystorePassword: string;
  country: CountryCode;
  port: number;
  logLevel: string;
}): Promise<RunningMirror> {
  const { provider, deployment, country } = options;
  const mirror = await startMirror(
    MirrorConfig.parse({
      port: options.port,
      host: "127.0.0.1",
      databasePath: path.join(options.dataDir, "mirror.sqlite"),
      rpcUrl: options.rpcUrl,
      rpcTimeoutSeconds: 15,
      deploymentFile: options.deploymentFile,
      country,
      logLevel: "info",
    }),
    createLogger(options.logLevel),
  );
  try {
    const keystore = await readFile(ministryKeystorePath(options.keystoreDir, country), "utf8");
    const ministry = (await Wallet.fromEncryptedJson(keystore, options.keystorePassword)).connect(provider);
    const listed = await readMirrors(provider, deployment);
    if (!listed.some((m) => m.publisher === ministry.address && m.url === mirror.url)) {
      const registry = new Contract(deployment.issuerRegistry, ISSUER_REGISTRY_ABI, ministry);
      await (await registry.getFunction("publishMirror")(mirror.url)).wait();
    }
    return mirror;
  } catch (error) {
    await mirror.stop();
    throw error;
  }
}
