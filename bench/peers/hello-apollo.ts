/**
 * Peer (c): bare Apollo Server 5, `{ hello }`: what Apollo itself costs per request, with no upstream
 * call. The ceiling for a layer answering from a cache. Prints `listening <url>`.
 */
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

const server = new ApolloServer({
  typeDefs: "type Query { hello: String! }",
  resolvers: { Query: { hello: () => "world" } },
});
const { url } = await startStandaloneServer(server, { listen: { host: "127.0.0.1", port: 0 } });
console.log(`listening ${url}`);
