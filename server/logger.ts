import pino from "pino";
import type { Logger as PinoLogger } from "pino";

export type Logger = PinoLogger;

/**
 * The server's structured logger. Secrets never reach the output: authorization headers, passwords,
 * tokens, secrets and keys are censored wherever they appear in a logged object.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          "req.headers.authorization",
          "req.headers.cookie",
          "*.password",
          "*.token",
          "*.secret",
          "*.privateKey",
          "password",
          "token",
          "secret",
          "privateKey",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
