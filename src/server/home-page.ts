/**
 * What a person sees opening the server in a browser: how to ask it something. Self-contained (no
 * scripts, styles or fonts from a CDN), so it works offline and leaks nothing to third parties.
 */
const HOME_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>portability-graphql</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; line-height: 1.5">
<h1>portability-graphql</h1>
<p>A GraphQL API over Twilio's Numbers v1 Porting Portability API. Send queries to <code>POST /graphql</code>
with <code>content-type: application/json</code>:</p>
<pre style="background:#f4f4f4; padding:1rem; overflow-x:auto">curl -s http://127.0.0.1:4000/graphql -H 'content-type: application/json' \\
  -d '{"query":"{ portability(phoneNumber: \\"+14155550100\\") { __typename ... on Portability { portable notPortableReason numberType } ... on PortabilityCheckError { code retryable } } }"}'</pre>
<p>Batches: <code>portabilities(phoneNumbers: [...])</code>. The schema is in <code>schema.graphql</code>; without
Twilio credentials the server answers from its built-in sandbox (see the README's magic numbers).</p>
<p><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a> · <a href="/metrics">/metrics</a></p>
</body></html>
`;

export const homePage = { html: HOME_PAGE, length: Buffer.byteLength(HOME_PAGE) };
