import type { Logger } from "./logger";

/** A started service, with the logger it reports to. */
interface Running {
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * Runs a service as a command's entry point: starts it, and on the first SIGTERM or SIGINT stops it
 * cleanly and exits 0 (`stopping` says what stopping waits for). A failure to start is printed
 * and exits 1.
 */
export function runUntilSignalled(start: () => Promise<Running>, stopping: string): void {
  start()
    .then(({ logger, stop }) => {
      let signalled = false;
      const shutdown = (signal: string): void => {
        if (signalled) return;
        signalled = true;
        logger.info({ signal }, `shutting down: ${stopping}`);
        void stop().then(() => {
          logger.info("stopped cleanly");
          process.exit(0);
        });
      };
      process.on("SIGTERM", () => shutdown("SIGTERM"));
      process.on("SIGINT", () => shutdown("SIGINT"));
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
