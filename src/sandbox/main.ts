import { ConfigError } from "../config/config-error.js";
import { SANDBOX_ACCOUNT_SID, SANDBOX_DEFAULT_AUTH_TOKEN } from "./accounts.js";
import { readSandboxConfig, type SandboxConfig } from "./config.js";
import { startSandbox } from "./server.js";

// Standalone entry (`npm run sandbox`): the only sandbox module that reads process.env.
let config: SandboxConfig;
try {
  config = readSandboxConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`sandbox: ${error.message}`);
  process.exit(1);
}

const sandbox = await startSandbox(config).catch((error: unknown) => {
  console.error(`sandbox: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  process.exit(1);
});

// Print the token only when it is the public default; a custom one is the operator's secret.
const token = config.authToken === SANDBOX_DEFAULT_AUTH_TOKEN ? SANDBOX_DEFAULT_AUTH_TOKEN : "<SANDBOX_AUTH_TOKEN>";
console.log(`Twilio portability sandbox on ${sandbox.url} — account ${SANDBOX_ACCOUNT_SID}, auth token ${token}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
