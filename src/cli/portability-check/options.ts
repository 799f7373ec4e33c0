import { Command, InvalidArgumentError, Option } from "commander";
import { ACCOUNT_SID, ADDRESS_SID } from "../../schema/sid-patterns.js";
import type { CheckTarget, Server } from "./client.js";
import type { Format } from "./formats.js";
import { isCountryCode } from "../../domain/country-code.js";

export interface CliOptions {
  /** Numbers given as arguments, in order. */
  readonly numbers: readonly string[];
  /** --file: a path, "-" for stdin, or null. */
  readonly file: string | null;
  readonly server: Server;
  readonly target: CheckTarget;
  readonly format: Format;
  /** --output: a path, or null for stdout. */
  readonly output: string | null;
  /** At most this many numbers go in one request; more become a job. */
  readonly batchSize: number;
  readonly quiet: boolean;
}

export interface Terminal {
  readonly stdoutIsTTY: boolean;
}

/** The server's default MAX_BATCH_SIZE, so a list of that size is still one request. */
const DEFAULT_BATCH_SIZE = 1_000;
/** The server's highest MAX_BATCH_SIZE. */
const MAX_BATCH_SIZE = 100_000;
const DEFAULT_URL = "http://127.0.0.1:4000/graphql";

const HELP_AFTER = `
Input: numbers as arguments, or --file (a CSV with a phone_number column, or one number per
line; "-" is stdin), or stdin when it is not a terminal. Up to --batch-size numbers are checked
in one request; more are sent as one bulk job, with a progress bar when stderr is a terminal.

Output: --format defaults to table when writing to a terminal, csv otherwise. csv has the columns
of the server's results.csv; json is the results as GraphQL returns them, in input order. A
summary line goes to stderr unless --quiet.

Environment: PORTABILITY_URL and PORTABILITY_API_KEY are the defaults of --url and --api-key.

Exit codes:
  0    every number got an answer (portable or not)
  1    at least one number got a PortabilityCheckError (no answer could be had: check it again)
  2    bad usage or input, server unreachable, API key or request refused, job not completed
  130  interrupted (Ctrl-C); a running job is cancelled

Examples:
  portability-check +14155550100 +14155550132
  portability-check --file numbers.csv --format csv --output results.csv
  grep -o '+[0-9]*' notes.txt | portability-check --target AC0123456789abcdef0123456789abcdef
`;

/**
 * The command line, declared once: every option with its rule, checked before anything is sent.
 * Throws commander's CommanderError after commander has printed the message (or the help), so the
 * entry point only chooses the exit code. `env` gives the defaults of --url and --api-key; they are
 * resolved after parsing, never as commander defaults, so --help cannot print a key.
 */
export function parseOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, terminal: Terminal): CliOptions {
  const program = new Command("portability-check")
    .description("Check whether phone numbers can be ported to Twilio, through a portability-graphql server.")
    .argument("[numbers...]", "phone numbers, E.164 (+14155550100) or national with --default-country")
    .option("-f, --file <path>", 'read numbers from a CSV or text file ("-": stdin)')
    .addOption(new Option("--target <sid>", "targetAccountSid: the account the numbers would be ported to (AC…)").argParser(matching("an account SID: AC followed by 32 hex digits", ACCOUNT_SID)))
    .addOption(new Option("--address <sid>", "addressSid of the customer porting the numbers (AD…)").argParser(matching("an address SID: AD followed by 32 hex digits", ADDRESS_SID)))
    .addOption(new Option("--default-country <cc>", "ISO 3166-1 alpha-2 country for numbers not in E.164, e.g. US").argParser(country))
    .option("--url <url>", `the server's GraphQL endpoint (default: PORTABILITY_URL or ${DEFAULT_URL})`)
    .option("--api-key <key>", "API key, sent as a Bearer token (default: PORTABILITY_API_KEY, which ps does not show)")
    .addOption(new Option("--format <format>", "output format (default: table on a terminal, csv otherwise)").choices(["csv", "json", "table"]))
    .option("-o, --output <path>", "write the results to a file instead of stdout")
    .addOption(new Option("--batch-size <n>", "most numbers per request; more are sent as a job").argParser(batchSize).default(DEFAULT_BATCH_SIZE))
    .option("-q, --quiet", "no progress bar, no summary line", false)
    .addHelpText("after", HELP_AFTER)
    .showHelpAfterError("(portability-check --help for usage)")
    .exitOverride();
  program.parse(argv, { from: "user" });
  const opts = program.opts<{
    file?: string;
    target?: string;
    address?: string;
    defaultCountry?: string;
    url?: string;
    apiKey?: string;
    format?: Format;
    output?: string;
    batchSize: number;
    quiet: boolean;
  }>();
  const url = serverUrl(program, opts.url, env.PORTABILITY_URL);
  const apiKey = opts.apiKey ?? env.PORTABILITY_API_KEY ?? "";
  const output = opts.output ?? null;
  return {
    numbers: program.processedArgs[0] as string[],
    file: opts.file ?? null,
    server: { url, apiKey: apiKey === "" ? null : apiKey },
    target: { targetAccountSid: opts.target ?? null, addressSid: opts.address ?? null, defaultCountry: opts.defaultCountry ?? null },
    // A person reads a terminal; anything else is read by a program or a spreadsheet.
    format: opts.format ?? (output === null && terminal.stdoutIsTTY ? "table" : "csv"),
    output,
    batchSize: opts.batchSize,
    quiet: opts.quiet,
  };
}

function matching(rule: string, pattern: RegExp): (value: string) => string {
  return (value) => {
    if (!pattern.test(value)) throw new InvalidArgumentError(`must be ${rule}.`);
    return value;
  };
}

function country(value: string): string {
  const code = value.toUpperCase();
  if (!isCountryCode(code)) throw new InvalidArgumentError("must be an ISO 3166-1 alpha-2 country code with a numbering plan, such as US or GB.");
  return code;
}

/**
 * Checked here rather than by commander, whose message repeats the value: a URL may hold a password,
 * and this message may land in a CI log.
 */
function serverUrl(program: Command, option: string | undefined, fromEnv: string | undefined): string {
  const [value, source] = option !== undefined ? [option, "option '--url <url>'"] : [fromEnv ?? "", "PORTABILITY_URL"];
  if (value === "") return DEFAULT_URL;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // Reported below with the other rule.
  }
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
    program.error(`error: ${source} must be an http or https URL, such as ${DEFAULT_URL}`, { code: "portability-check.url" });
  }
  // fetch refuses them anyway; the key goes in --api-key.
  if (url.username !== "" || url.password !== "") program.error(`error: ${source} must not hold a user or password (give the API key with --api-key)`, { code: "portability-check.url" });
  return value;
}

function batchSize(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_BATCH_SIZE) {
    throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_BATCH_SIZE}.`);
  }
  return Number(value);
}
