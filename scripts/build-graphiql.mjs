// Bundles the GraphiQL page (src/web/graphiql.js) and Monaco's workers into dist/graphiql/, at
// `npm run build` time, never at request time. The server reads the files once, at start-up.
import { build } from "esbuild";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const outdir = `${root}dist/graphiql`;
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  legalComments: "none",
  target: "es2022",
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
};

await build({
  ...common,
  entryPoints: { graphiql: `${root}src/web/graphiql.js` },
  outdir,
  format: "esm",
  // Monaco's codicon font and any image ride along as files next to the bundle, served by us.
  loader: { ".graphql": "text", ".ttf": "file", ".woff": "file", ".woff2": "file", ".svg": "file", ".png": "file" },
  assetNames: "[name]-[hash]",
});

// Classic (non-module) workers: the page starts them with `new Worker(url)`.
await build({
  ...common,
  entryPoints: {
    "editor.worker": `${root}node_modules/monaco-editor/esm/vs/editor/editor.worker.js`,
    "json.worker": `${root}node_modules/monaco-editor/esm/vs/language/json/json.worker.js`,
    "graphql.worker": `${root}node_modules/monaco-graphql/esm/graphql.worker.js`,
  },
  outdir,
  format: "iife",
});

// Compressed here once rather than per request: graphiql.js is about 5 MB, about 1.4 MB gzipped.
for (const name of readdirSync(outdir)) {
  if (/\.(js|css|ttf)$/.test(name)) writeFileSync(`${outdir}/${name}.gz`, gzipSync(readFileSync(`${outdir}/${name}`), { level: 9 }));
}
