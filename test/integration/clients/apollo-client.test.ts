import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import possibleTypes from "../../../src/generated/possible-types.js";
import { CheckPortabilitiesDocument, CheckPortabilityDocument, PortabilityResultFieldsFragmentDoc } from "../../generated/operations.js";
import { expectedId } from "../../helpers/result-id.js";
import { startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";
import { answerPerTarget, NUMBER, TARGET_A, TARGET_B } from "./two-targets.js";

describe("Apollo Client 4 with a normalising InMemoryCache", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let client: ApolloClient;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url);
    answerPerTarget(stub);
    // possibleTypes: without it the cache cannot match `... on Portability` inside a fragment on the union.
    client = new ApolloClient({ link: new HttpLink({ uri: app.url }), cache: new InMemoryCache({ possibleTypes: possibleTypes.possibleTypes }) });
  });
  afterAll(async () => {
    client?.stop();
    await app?.close();
    await stub?.close();
  });

  it("keeps one number checked for two targets as two cache entries that do not mix", async () => {
    const a = await client.query({ query: CheckPortabilityDocument, variables: { phoneNumber: NUMBER, targetAccountSid: TARGET_A } });
    const b = await client.query({ query: CheckPortabilityDocument, variables: { phoneNumber: NUMBER, targetAccountSid: TARGET_B } });
    expect(a.data?.portability).toMatchObject({ __typename: "Portability", targetAccountSid: TARGET_A, portable: false, notPortableReason: "ALREADY_IN_THE_TARGET_ACCOUNT" });
    expect(b.data?.portability).toMatchObject({ __typename: "Portability", targetAccountSid: TARGET_B, portable: true, notPortableReason: null });

    // Read back from the normalised cache: each entity under its own id, with its own verdict.
    const cached = client.cache.extract() as Record<string, Record<string, unknown>>;
    const idA = `Portability:${expectedId(TARGET_A, null, NUMBER)}`;
    const idB = `Portability:${expectedId(TARGET_B, null, NUMBER)}`;
    expect(Object.keys(cached).filter((key) => key.startsWith("Portability:")).sort()).toEqual([idA, idB].sort());
    expect(cached[idA]).toMatchObject({ targetAccountSid: TARGET_A, portable: false, notPortableReasonCode: 22131, accountSid: TARGET_A });
    expect(cached[idB]).toMatchObject({ targetAccountSid: TARGET_B, portable: true, notPortableReasonCode: null, accountSid: null });
    const fragmentA = client.cache.readFragment({ id: idA, fragment: PortabilityResultFieldsFragmentDoc, fragmentName: "PortabilityResultFields" });
    expect(fragmentA).toMatchObject({ __typename: "Portability", portable: false, targetAccountSid: TARGET_A });

    // And the queries themselves still answer from the cache, each with its own target's verdict.
    const again = client.readQuery({ query: CheckPortabilityDocument, variables: { phoneNumber: NUMBER, targetAccountSid: TARGET_A } });
    expect(again?.portability).toMatchObject({ portable: false, targetAccountSid: TARGET_A });
  });

  it("reads a batch result and the single check of the same question as the same entity", async () => {
    const batch = await client.query({ query: CheckPortabilitiesDocument, variables: { phoneNumbers: [NUMBER], targetAccountSid: TARGET_B }, fetchPolicy: "network-only" });
    expect(batch.data?.portabilities).toHaveLength(1);
    const single = client.readQuery({ query: CheckPortabilityDocument, variables: { phoneNumber: NUMBER, targetAccountSid: TARGET_B } });
    expect(single?.portability).toEqual(batch.data?.portabilities[0]);
  });
});
