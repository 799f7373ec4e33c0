// Bundles the page at / (src/web/page/) into dist/page/ at `npm run build` time, never at request
// time: main.js (the page's script, graphql-sse's client and the server's own CSV rule bundled in),
// styles.css, and index.html naming both with ?v=<hash> so a browser never mixes two builds.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { getCountries } from "libphonenumber-js";

const root = fileURLToPath(new URL("../", import.meta.url));
const source = `${root}src/web/page`;
const outdir = `${root}dist/page`;
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: { main: `${source}/main.js`, styles: `${source}/styles.css` },
  outdir,
  bundle: true,
  minify: true,
  legalComments: "none",
  format: "esm",
  platform: "browser",
  target: ["es2022", "chrome110", "firefox110", "safari16"],
  logLevel: "warning",
  // The countries the server accepts as defaultCountry, as a literal: the page needs the codes, not
  // libphonenumber's metadata (names come from the browser's Intl.DisplayNames).
  define: { __COUNTRIES__: JSON.stringify(getCountries()) },
});

const version = (name) => createHash("sha256").update(readFileSync(`${outdir}/${name}`)).digest("base64url").slice(0, 12);
const html = readFileSync(`${source}/index.html`, "utf8")
  .replace("__MAIN_VERSION__", version("main.js"))
  .replace("__STYLES_VERSION__", version("styles.css"));
writeFileSync(`${outdir}/index.html`, html);

for (const name of ["index.html", "main.js", "styles.css"]) {
  writeFileSync(`${outdir}/${name}.gz`, gzipSync(readFileSync(`${outdir}/${name}`), { level: 9 }));
}
