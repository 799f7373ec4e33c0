import { pino, stdSerializers, type DestinationStream, type Logger } from "pino";
import { maskPhoneNumber, maskPhoneNumbersIn } from "./mask-phone-number.js";

/**
 * JSON logs. Defence in depth: no code logs a token, an Authorization header or an upstream body,
 * and even if one tried, these keys are censored wherever they appear; phone numbers under their
 * usual keys are masked, and error messages and stacks are scrubbed of anything number-like.
 */
export function createLogger(level: string, destination: DestinationStream = asyncStdout()): Logger {
  return pino(
    {
      level,
      base: { service: "portability-graphql" },
      redact: {
        paths: [
          "authorization",
          "*.authorization",
          "headers.authorization",
          "*.headers.authorization",
          "password",
          "*.password",
          "token",
          "*.token",
          "secret",
          "*.secret",
        ],
        censor: "[redacted]",
      },
      serializers: {
        err: (error: Error) => {
          const serialized = stdSerializers.err(error);
          return { type: serialized.type, message: maskPhoneNumbersIn(serialized.message), stack: maskPhoneNumbersIn(serialized.stack) };
        },
        phoneNumber: maskPhoneNumber,
      },
    },
    destination,
  );
}

/**
 * stdout written asynchronously (sonic-boom): a request's log line never blocks the request path on a
 * write(2) — synchronous writes were the largest single cost in a profile under load. Whatever is
 * still buffered is written synchronously when the process exits, however it exits (process.exit
 * after a drain, or a crash), so no line is lost at shutdown.
 */
function asyncStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false });
  process.once("exit", () => {
    try {
      stream.flushSync();
    } catch {
      // stdout already closed (EPIPE): nothing left to write to.
    }
  });
  return stream;
}
