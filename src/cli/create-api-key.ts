// Creates an API key: prints the secret (give it to the caller, once) and the entry for API_KEYS_FILE.
// Compiled to dist/, so it runs where only production dependencies are installed:
//   node dist/cli/create-api-key.js <key-id> [<targetAccountSid>,… | *] [requestsPerMinute] [numbersPerMinute]
import { newApiKeyEntry, UsageError } from "./api-key-entry.js";

const USAGE = "usage: npm run create-api-key -- <key-id> [<targetAccountSid>,… | *] [requestsPerMinute] [numbersPerMinute]";

try {
  const { secret, entry } = newApiKeyEntry(process.argv.slice(2));
  console.log(`secret (shown once; the caller sends "Authorization: Bearer <secret>"):\n  ${secret}\n`);
  console.log(`add to the "keys" array of API_KEYS_FILE:\n  ${JSON.stringify(entry)}`);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`create-api-key: ${error.message}\n${USAGE}`);
  process.exitCode = 2;
}
