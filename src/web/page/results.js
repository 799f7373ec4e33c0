// @ts-check
import { graphql } from "./api.js";

/** The server's largest page (results(first) is at most 1000). */
const PAGE_SIZE = 1000;
const RESULTS = `query JobResults($id: ID!, $first: Int!, $after: String) {
  portabilityJob(id: $id) {
    results(first: $first, after: $after) {
      edges { node {
        __typename
        ... on Portability { input phoneNumber portable notPortableReason notPortableReasonCode nextStep guidance helpUrl }
        ... on PortabilityCheckError { input phoneNumber code message retryable nextStep }
      } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/**
 * @typedef {"portable" | "notPortable" | "error"} Outcome
 * @typedef {{ input: string, phoneNumber: string, outcome: Outcome, reason: string, nextStep: string, guidance: string, helpUrl: string | null }} Row
 */

/**
 * Every result of a final job, in input order, a page at a time; `onPage` hears how many are in.
 * @param {string} id @param {Record<string, string>} headers @param {(loaded: number) => void} onPage
 * @returns {Promise<Row[]>}
 */
export async function loadResults(id, headers, onPage) {
  /** @type {Row[]} */
  const rows = [];
  /** @type {string | null} */
  let after = null;
  for (;;) {
    /** @type {any} */
    const job = (await graphql(RESULTS, { id, first: PAGE_SIZE, after }, headers)).portabilityJob;
    if (job == null) return rows;
    for (const { node } of job.results.edges) rows.push(toRow(node));
    onPage(rows.length);
    if (!job.results.pageInfo.hasNextPage) return rows;
    after = job.results.pageInfo.endCursor;
  }
}

/** The words for each outcome: shown as text (with a symbol), so colour is never the only sign. */
export const OUTCOMES = /** @type {const} */ ({
  portable: { label: "Portable", symbol: "✓" },
  notPortable: { label: "Not portable", symbol: "✗" },
  error: { label: "Error", symbol: "!" },
});

/**
 * What each next step means for a person, in the contract's own words (PortingNextStep's
 * descriptions), shortened to a label.
 */
const NEXT_STEPS = /** @type {Readonly<Record<string, string>>} */ ({
  PORT_IN: "Open a port-in request",
  PORT_IN_WITH_PIN: "Port in with the carrier PIN and account number",
  NOTHING_TO_DO: "Nothing to do: already in the target account",
  MOVE_BETWEEN_ACCOUNTS: "Move it between Twilio accounts",
  MANUAL_PORT_REQUEST: "Open a manual port request",
  NOT_SUPPORTED: "None: Twilio does not support it",
  FIX_PHONE_NUMBER: "Correct the number",
  PROVIDE_MISSING_FIELDS: "Give the missing fields (e.g. an address SID)",
  CHECK_ACCOUNT_ACCESS: "Check the target account and its access",
  RETRY_LATER: "Check again later",
  CONTACT_SUPPORT: "Contact support with the reason code",
});

/** Why a number is not portable (NotPortableReason), or why it has no answer (PortabilityCheckErrorCode), as a label. */
const REASONS = /** @type {Readonly<Record<string, string>>} */ ({
  ALREADY_IN_THE_TARGET_ACCOUNT: "Already in the target account",
  ALREADY_IN_TWILIO_DIFFERENT_OWNER: "In another owner's Twilio account",
  ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS: "In another of your Twilio accounts",
  UNSUPPORTED: "Not supported by Twilio",
  MANUAL_PORTING_AVAILABLE: "Manual porting only",
  INVALID_PHONE_NUMBER: "Invalid phone number",
  MISSING_REQUIRED_FIELDS: "Missing required fields",
  ERROR_INTERNAL_SERVER_ERROR: "Twilio internal error",
  UNAUTHORIZED: "Not authorized for the target account",
  UNKNOWN: "Unknown reason",
  UPSTREAM_AUTHENTICATION_FAILED: "Twilio refused this service's credentials",
  UPSTREAM_RATE_LIMITED: "Twilio rate limit",
  UPSTREAM_TIMEOUT: "Twilio did not answer in time",
  UPSTREAM_UNAVAILABLE: "Twilio unavailable",
  UPSTREAM_ERROR: "Twilio error",
  SHUTTING_DOWN: "Server was stopping",
});

/** The label of an enum value; one this page does not know (a newer server) reads as its words: SOME_NEW_CODE → "Some new code". @param {Readonly<Record<string, string>>} labels @param {string} name */
function label(labels, name) {
  const known = labels[name];
  if (known !== undefined) return known;
  const text = name.toLowerCase().replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One result, either kind, as the table shows it. @param {any} node @returns {Row} */
function toRow(node) {
  const nextStep = label(NEXT_STEPS, String(node.nextStep));
  if (node.__typename === "PortabilityCheckError") {
    return { input: node.input, phoneNumber: node.phoneNumber, outcome: "error", reason: label(REASONS, node.code), nextStep, guidance: node.message, helpUrl: null };
  }
  const reason = node.portable ? "" : `${label(REASONS, node.notPortableReason ?? "UNKNOWN")}${node.notPortableReasonCode != null ? ` (${node.notPortableReasonCode})` : ""}`;
  return { input: node.input, phoneNumber: node.phoneNumber, outcome: node.portable ? "portable" : "notPortable", reason, nextStep, guidance: node.guidance, helpUrl: node.helpUrl ?? null };
}

/**
 * Rows put in the table at once. All results are kept (small objects), but a 100,000-number job as
 * DOM rows would take seconds and hundreds of MB to render; past this many the caption says so and
 * the CSV has them all.
 */
export const MAX_ROWS_SHOWN = 1000;
const count = new Intl.NumberFormat("en");

/**
 * The table body for `rows` under the chosen filter, and the filter's radio buttons with their
 * counts. Each row is built with textContent only: numbers and guidance are data, never markup.
 * @param {{ tbody: HTMLTableSectionElement, caption: HTMLElement, filters: HTMLFieldSetElement }} elements
 * @param {string} jobId @param {Row[]} rows
 */
export function renderResults({ tbody, caption, filters }, jobId, rows) {
  /** @type {Record<string, number>} */
  const counts = { all: rows.length, portable: 0, notPortable: 0, error: 0 };
  for (const row of rows) counts[row.outcome] += 1;
  const choices = [["all", "All"], ...Object.entries(OUTCOMES).map(([key, { label }]) => [key, label])];
  filters.querySelectorAll("label").forEach((label) => label.remove());
  for (const [value, label] of choices) {
    const input = Object.assign(document.createElement("input"), { type: "radio", name: "outcome", value, checked: value === "all" });
    const text = document.createElement("span");
    text.textContent = `${label} (${count.format(counts[value])})`;
    const wrapper = document.createElement("label");
    wrapper.append(input, text);
    filters.append(wrapper);
  }
  const apply = () => {
    const chosen = /** @type {HTMLInputElement | null} */ (filters.querySelector("input:checked"))?.value ?? "all";
    const matching = chosen === "all" ? rows : rows.filter((row) => row.outcome === chosen);
    const shown = matching.slice(0, MAX_ROWS_SHOWN);
    tbody.replaceChildren(...shown.map(rowElement));
    const capped = shown.length < matching.length ? ` (only the first ${count.format(shown.length)} are listed; Download CSV has them all)` : "";
    caption.textContent = `Job ${jobId}: showing ${count.format(matching.length)} of ${count.format(rows.length)} result${rows.length === 1 ? "" : "s"}${capped}`;
  };
  filters.onchange = apply;
  apply();
}

/** @param {Row} row */
function rowElement(row) {
  // Explicit roles: the phone layout shows rows as blocks, which some browsers take as "not a table".
  const tr = document.createElement("tr");
  tr.setAttribute("role", "row");
  tr.dataset.outcome = row.outcome;
  // The content sits in one span per cell: at phone width a cell is a two-column grid (its label,
  // then its content), where loose text and a link would each take a grid cell of their own.
  const cell = (/** @type {string} */ label) => {
    const td = document.createElement("td");
    td.setAttribute("role", "cell");
    td.dataset.label = label;
    const content = document.createElement("span");
    td.append(content);
    tr.append(td);
    return content;
  };
  const number = cell("Number");
  number.textContent = row.input;
  if (row.phoneNumber !== row.input) {
    const normalised = document.createElement("span");
    normalised.className = "normalised";
    normalised.textContent = `checked as ${row.phoneNumber}`;
    number.append(document.createElement("br"), normalised);
  }
  const outcome = cell("Outcome");
  outcome.className = `outcome outcome-${row.outcome}`;
  outcome.textContent = `${OUTCOMES[row.outcome].symbol} ${OUTCOMES[row.outcome].label}`;
  cell("Reason").textContent = row.reason === "" ? "—" : row.reason;
  cell("Next step").textContent = row.nextStep;
  const guidance = cell("Guidance");
  guidance.textContent = row.guidance;
  if (row.helpUrl !== null) {
    const link = Object.assign(document.createElement("a"), { href: row.helpUrl, target: "_blank", rel: "noopener noreferrer", textContent: "More about this" });
    guidance.append(" ", link);
  }
  return tr;
}
