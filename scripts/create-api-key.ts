// Creates an API key: prints the secret (give it to the caller, once) and the entry for API_KEYS_FILE.
// Usage: npm run create-api-key -- <key-id> [<targetAccountSid>,… | *] [requestsPerMinute] [numbersPerMinute]
import { randomBytes } from "node:crypto";
import { hashSecret } from "../src/auth/authenticate.js";

const [id, targets = "*", requestsPerMinute, numbersPerMinute] = process.argv.slice(2);
if (id === undefined || !/^[A-Za-z0-9_.-]{1,64}$/.test(id)) {
  console.error("usage: npm run create-api-key -- <key-id> [<targetAccountSid>,… | *] [requestsPerMinute] [numbersPerMinute]");
  process.exit(2);
}
const secret = `pgq_${randomBytes(32).toString("base64url")}`;
const limits = {
  ...(requestsPerMinute === undefined ? {} : { requestsPerMinute: Number(requestsPerMinute) }),
  ...(numbersPerMinute === undefined ? {} : { numbersPerMinute: Number(numbersPerMinute) }),
};
const entry = {
  id,
  secretSha256: hashSecret(secret),
  targets: targets === "*" ? "*" : targets.split(","),
  ...(Object.keys(limits).length > 0 ? { limits } : {}),
};
console.log(`secret (shown once; the caller sends "Authorization: Bearer <secret>"):\n  ${secret}\n`);
console.log(`add to the "keys" array of API_KEYS_FILE:\n  ${JSON.stringify(entry)}`);
