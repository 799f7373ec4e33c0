import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postQuery } from "../../helpers/graphql-client.js";
import { startJob, waitForEnd } from "../../helpers/jobs-client.js";
import { startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";

const TARGET = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const FIELDS = `__typename ... on Portability { id input phoneNumber targetAccountSid addressSid nextStep guidance helpUrl }`;

// Regression: a page of job results spread the stored CheckResult, so asking for Portability.id or
// nextStep (non-null) failed the whole page with INTERNAL_SERVER_ERROR.
describe("a job's results carry every field a result has elsewhere", () => {
  let stub: StubTwilio;
  let app: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url, { LOG_LEVEL: "silent" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  it("gives id, target, nextStep, guidance and helpUrl on each node, as portabilities does for the same numbers", async () => {
    const numbers = ["+14155550100", "+14155550101"];
    const job = await startJob(app.url, { phoneNumbers: numbers, targetAccountSid: TARGET }, {});
    await waitForEnd(app.url, job.id, {});
    const page = await postQuery<{ portabilityJob: { results: { edges: { node: unknown }[] } } }>(
      app.url,
      `query($id: ID!) { portabilityJob(id: $id) { results(first: 10) { edges { node { ${FIELDS} } } } } }`,
      { id: job.id },
    );
    expect(page.body.errors).toBeUndefined();
    const direct = await postQuery<{ portabilities: unknown[] }>(app.url, `query($n: [String!]!, $t: String) { portabilities(phoneNumbers: $n, targetAccountSid: $t) { ${FIELDS} } }`, { n: numbers, t: TARGET });
    expect(page.body.data!.portabilityJob.results.edges.map((edge) => edge.node)).toEqual(direct.body.data!.portabilities);
    expect(direct.body.data!.portabilities).toMatchObject([{ targetAccountSid: TARGET, nextStep: "PORT_IN" }, { targetAccountSid: TARGET }]);
  });
});
