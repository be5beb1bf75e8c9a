import { loadConfig } from "./config";
import { createLogger } from "./logger";
import { runUntilSignalled } from "./run-until-signalled";
import { startServer } from "./server";

/** Entry point: configuration from the environment, then the server until SIGTERM or SIGINT. */
runUntilSignalled(async () => {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, logger);
  return { logger, stop: () => server.stop() };
}, "finishing the current anchoring step");
