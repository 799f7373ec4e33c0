import { RESULT_FIELDS } from "./result-node.js";

/** The documents the CLI sends, named so a server's logs and metrics can tell them apart. */
export const CHECK = `query PortabilityCheck($phoneNumbers: [String!]!, $targetAccountSid: String, $addressSid: String, $defaultCountry: String) {
  portabilities(phoneNumbers: $phoneNumbers, targetAccountSid: $targetAccountSid, addressSid: $addressSid, defaultCountry: $defaultCountry) {${RESULT_FIELDS}}
}`;

const JOB_FIELDS = "id status total completed portable notPortable failed";

export const START_JOB = `mutation PortabilityCheckStartJob($input: StartPortabilityJobInput!) { startPortabilityJob(input: $input) { ${JOB_FIELDS} } }`;

export const JOB = `query PortabilityCheckJob($id: ID!) { portabilityJob(id: $id) { ${JOB_FIELDS} } }`;

export const CANCEL_JOB = `mutation PortabilityCheckCancelJob($id: ID!) { cancelPortabilityJob(id: $id) { ${JOB_FIELDS} } }`;

/** The contract's largest page. */
export const RESULTS_PAGE = 1_000;

// `first` is a variable, not a literal: the server's cost limit (graphql-armor) multiplies a
// literal `first: 1000` into the selection's cost and refuses the page.
export const JOB_RESULTS = `query PortabilityCheckJobResults($id: ID!, $first: Int, $after: String) {
  portabilityJob(id: $id) { results(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node {${RESULT_FIELDS}} } } }
}`;
