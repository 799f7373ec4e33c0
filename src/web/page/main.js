// @ts-check
import { authHeaders, graphql, PageError, refusal } from "./api.js";
import { fillCountries } from "./countries.js";
import { numbersFromFile, numbersFromText } from "./numbers.js";
import { FINAL_STATUSES, followJob } from "./progress.js";
import { loadResults, renderResults } from "./results.js";

/**
 * The page's one pipeline: read the form → start a job → follow it (live, or polling) → load its
 * results into the table → download its CSV on demand. The API key lives in this module's memory
 * (and in sessionStorage only when the person ticks the box); it is never put in a URL or logged.
 */

const START = `mutation StartJob($input: StartPortabilityJobInput!) {
  startPortabilityJob(input: $input) { id status total completed portable notPortable failed resultsCsvUrl }
}`;
const CANCEL = `mutation CancelJob($id: ID!) { cancelPortabilityJob(id: $id) { id status } }`;
const KEY_STORAGE = "portability-graphql.api-key";

const byId = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));
const form = /** @type {HTMLFormElement} */ (byId("job-form"));
const numbersField = /** @type {HTMLTextAreaElement} */ (byId("numbers"));
const fileField = /** @type {HTMLInputElement} */ (byId("numbers-file"));
const dropZone = /** @type {HTMLElement} */ (byId("drop-zone"));
const fileNote = /** @type {HTMLElement} */ (byId("file-note"));
const country = /** @type {HTMLSelectElement} */ (byId("country"));
const target = /** @type {HTMLInputElement} */ (byId("target"));
const address = /** @type {HTMLInputElement} */ (byId("address"));
const apiKey = /** @type {HTMLInputElement} */ (byId("api-key"));
const rememberKey = /** @type {HTMLInputElement} */ (byId("remember-key"));
const runButton = /** @type {HTMLButtonElement} */ (byId("run"));
const cancelButton = /** @type {HTMLButtonElement} */ (byId("cancel"));
const errors = /** @type {HTMLElement} */ (byId("errors"));
const progressSection = /** @type {HTMLElement} */ (byId("progress-section"));
const progress = /** @type {HTMLProgressElement} */ (byId("progress"));
const status = /** @type {HTMLElement} */ (byId("status"));
const transport = /** @type {HTMLElement} */ (byId("transport"));
const resultsSection = /** @type {HTMLElement} */ (byId("results-section"));
const downloadButton = /** @type {HTMLButtonElement} */ (byId("download"));
const table = {
  tbody: /** @type {HTMLTableSectionElement} */ (byId("results").tBodies[0]),
  caption: /** @type {HTMLElement} */ (byId("results-caption")),
  filters: /** @type {HTMLFieldSetElement} */ (byId("filters")),
};

const count = new Intl.NumberFormat("en");
/** The job being followed or shown: what Cancel and Download act on. @type {{ id: string, csvUrl: string } | null} */
let current = null;

fillCountries(country);
restoreKey();

form.addEventListener("submit", (event) => {
  event.preventDefault();
  void run();
});
// Enter in a one-line field submits the form natively; in the textarea Enter is a new line, so
// Ctrl+Enter (⌘+Enter) runs.
numbersField.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    form.requestSubmit();
  }
});
fileField.addEventListener("change", () => {
  const file = fileField.files?.[0];
  if (file !== undefined) void readFile(file);
});
dropZone.addEventListener("dragover", (event) => {
  event.preventDefault();
  dropZone.classList.add("dragging");
});
dropZone.addEventListener("dragleave", () => dropZone.classList.remove("dragging"));
dropZone.addEventListener("drop", (event) => {
  event.preventDefault();
  dropZone.classList.remove("dragging");
  const file = event.dataTransfer?.files[0];
  if (file !== undefined) void readFile(file);
});
// A file dropped beside the drop zone would make the browser open it in place of this page (and
// lose a running job's view): outside the zone a drop does nothing.
for (const type of ["dragover", "drop"]) document.addEventListener(type, (event) => event.preventDefault());
rememberKey.addEventListener("change", storeKey);
apiKey.addEventListener("change", storeKey);
cancelButton.addEventListener("click", () => void cancel());
downloadButton.addEventListener("click", () => void download());

async function run() {
  showError(null);
  const phoneNumbers = numbersFromText(numbersField.value);
  if (phoneNumbers.length === 0) {
    showError("Enter at least one phone number, or choose a file.");
    numbersField.focus();
    return;
  }
  const headers = authHeaders(apiKey.value.trim());
  current = null;
  setRunning(true);
  resultsSection.hidden = true;
  progressSection.hidden = false;
  status.textContent = `Starting a job of ${count.format(phoneNumbers.length)} number${phoneNumbers.length === 1 ? "" : "s"}…`;
  transport.textContent = "";
  progress.value = 0;
  try {
    const started = (await graphql(START, { input: jobInput(phoneNumbers) }, headers)).startPortabilityJob;
    current = { id: started.id, csvUrl: started.resultsCsvUrl };
    showProgress(started);
    const final = FINAL_STATUSES.has(started.status)
      ? started
      : await followJob(started.id, headers, {
          onUpdate: showProgress,
          onTransport: (how, why) => {
            transport.textContent = how === "live" ? "Live updates." : `Live updates unavailable, polling every second (${why}).`;
          },
        });
    showProgress(final);
    const finalStatus = status.textContent;
    const rows = await loadResults(final.id, headers, (loaded) => {
      status.textContent = `${finalStatus} · loading results: ${count.format(loaded)} of ${count.format(final.completed)}`;
    });
    status.textContent = finalStatus;
    renderResults(table, final.id, rows);
    resultsSection.hidden = false;
  } catch (error) {
    showError(error instanceof PageError ? error.message : `Something went wrong: ${error instanceof Error ? error.message : String(error)}`);
    // Refused before a job existed: there is no progress to show.
    if (current === null) progressSection.hidden = true;
  } finally {
    setRunning(false);
  }
}

/** The mutation's input: only what was given, so an empty optional field means the server's default. @param {string[]} phoneNumbers */
function jobInput(phoneNumbers) {
  /** @type {Record<string, unknown>} */
  const input = { phoneNumbers };
  if (target.value.trim() !== "") input.targetAccountSid = target.value.trim();
  if (address.value.trim() !== "") input.addressSid = address.value.trim();
  if (country.value !== "") input.defaultCountry = country.value;
  return input;
}

/** @param {import("./progress.js").JobProgress} job */
function showProgress(job) {
  progress.max = Math.max(job.total, 1);
  progress.value = job.completed;
  const parts = [
    `${count.format(job.completed)} of ${count.format(job.total)} checked`,
    `${count.format(job.portable)} portable`,
    `${count.format(job.notPortable)} not portable`,
    `${count.format(job.failed)} error${job.failed === 1 ? "" : "s"}`,
  ];
  status.textContent = `${STATUS_WORDS[job.status] ?? job.status}: ${parts.join(" · ")}`;
}

/** The job's status as a person reads it. */
const STATUS_WORDS = /** @type {Readonly<Record<string, string>>} */ ({
  QUEUED: "Queued",
  RUNNING: "Running",
  COMPLETED: "Done",
  CANCELLED: "Cancelled",
  FAILED: "Failed",
});

async function cancel() {
  if (current === null) return;
  cancelButton.disabled = true;
  try {
    // The followed job then ends CANCELLED and its results so far are shown as for any final job.
    await graphql(CANCEL, { id: current.id }, authHeaders(apiKey.value.trim()));
  } catch (error) {
    showError(error instanceof PageError ? error.message : String(error));
    cancelButton.disabled = false;
  }
}

/** results.csv needs the same Authorization as the API, so it is fetched and saved as a Blob rather than linked. */
async function download() {
  if (current === null) return;
  showError(null);
  const { id, csvUrl } = current;
  try {
    const response = await fetch(new URL(csvUrl, location.href), { headers: authHeaders(apiKey.value.trim()) });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw refusal(response, body?.errors?.[0]);
    }
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement("a"), { href: url, download: `portability-${id}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    // After the click has handed the Blob to the download: revoking at once can cancel it.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    showError(error instanceof PageError ? error.message : `The download failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** @param {File} file */
async function readFile(file) {
  showError(null);
  try {
    const numbers = await numbersFromFile(file);
    numbersField.value = numbers.join("\n");
    fileNote.textContent = `Read ${count.format(numbers.length)} number${numbers.length === 1 ? "" : "s"} from ${file.name}.`;
  } catch (error) {
    showError(`${file.name} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** @param {boolean} running */
function setRunning(running) {
  runButton.disabled = running;
  cancelButton.hidden = !running;
  cancelButton.disabled = false;
  form.setAttribute("aria-busy", String(running));
}

/** @param {string | null} message */
function showError(message) {
  errors.hidden = message === null;
  errors.textContent = message ?? "";
}

function restoreKey() {
  const kept = sessionStorage.getItem(KEY_STORAGE);
  if (kept !== null) {
    apiKey.value = kept;
    rememberKey.checked = true;
  }
}

function storeKey() {
  if (rememberKey.checked && apiKey.value.trim() !== "") sessionStorage.setItem(KEY_STORAGE, apiKey.value.trim());
  else sessionStorage.removeItem(KEY_STORAGE);
}
