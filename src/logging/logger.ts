import { pino, type DestinationStream, type Logger } from "pino";

/**
 * JSON logs. Credentials never reach a log line: headers are redacted wherever they appear, and no
 * code logs a request's Authorization or an upstream body in the first place.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "portability-graphql" },
      redact: {
        paths: ["authorization", "*.authorization", "headers.authorization", "*.headers.authorization", "password", "*.password"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
