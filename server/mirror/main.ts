import { createLogger } from "../logger";
import { loadMirrorConfig } from "./config";
import { startMirror } from "./mirror";

/** Entry point of a mirror (`npm run mirror`): configuration from the environment, then serve until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const config = loadMirrorConfig(process.env);
  const logger = createLogger(config.logLevel);
  const mirror = await startMirror(config, logger);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "mirror shutting down");
    void mirror.stop().then(() => process.exit(0));
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
