import { pino, stdSerializers, type DestinationStream, type Logger } from "pino";
import { maskPhoneNumber, maskPhoneNumbersIn } from "./mask-phone-number.js";

/**
 * JSON logs. Defence in depth: no code logs a token, an Authorization header or an upstream body,
 * and even if one tried, these keys are censored wherever they appear; phone numbers under their
 * usual keys are masked, and error messages and stacks are scrubbed of anything number-like.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
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
