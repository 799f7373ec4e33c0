/**
 * Peer (a): the naive Apollo Server 5 proxy: the layer's schema shape for one check and nothing else.
 * Query.portability(phoneNumber) → one undici request to UPSTREAM_URL per number → the Portability
 * fields. No auth, limits, retries, dataloader, logging or metrics. Prints `listening <url>`.
 */
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { request } from "undici";

const typeDefs = `#graphql
  enum NumberType { LOCAL UNKNOWN MOBILE TOLL_FREE }
  type Portability {
    phoneNumber: String!
    accountSid: String
    portable: Boolean!
    pinAndAccountNumberRequired: Boolean
    notPortableReasonCode: Int
    numberType: NumberType!
    country: String
    url: String
  }
  type Query { portability(phoneNumber: String!): Portability! }
`;
const upstream = process.env.UPSTREAM_URL!;
const authorization = `Basic ${Buffer.from("ACbench:bench-auth-token").toString("base64")}`;

const resolvers = {
  Query: {
    async portability(_: unknown, { phoneNumber }: { phoneNumber: string }) {
      const path = `/v1/Porting/Portability/PhoneNumber/${encodeURIComponent(phoneNumber)}`;
      const response = await request(`${upstream}${path}`, { headers: { authorization, accept: "application/json" } });
      const body = (await response.body.json()) as Record<string, unknown>;
      return {
        phoneNumber: body.phone_number,
        accountSid: body.account_sid,
        portable: body.portable,
        pinAndAccountNumberRequired: body.pin_and_account_number_required,
        notPortableReasonCode: body.not_portable_reason_code,
        numberType: body.number_type,
        country: body.country,
        url: body.url,
      };
    },
  },
};

const server = new ApolloServer({ typeDefs, resolvers });
const { url } = await startStandaloneServer(server, { listen: { host: "127.0.0.1", port: 0 } });
console.log(`listening ${url}`);
