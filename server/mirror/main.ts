import { createLogger } from "../logger";
import { runUntilSignalled } from "../run-until-signalled";
import { loadMirrorConfig } from "./config";
import { startMirror } from "./mirror";

/** Entry point of a mirror (`npm run mirror`): configuration from the environment, then serve until SIGTERM or SIGINT. */
runUntilSignalled(async () => {
  const config = loadMirrorConfig(process.env);
  const logger = createLogger(config.logLevel);
  const mirror = await startMirror(config, logger);
  return { logger, stop: () => mirror.stop() };
}, "finishing the requests in progress");
