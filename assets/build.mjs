// Build the slim plotly.js bundle: node assets/build.mjs (run by scripts/build-assets.sh).
// Writes dist/plotly.min.js with .gz and .br variants beside it and dist/manifest.json, which
// names the plotly.js version and trace types so the server and the tests can check them.
import { build } from "esbuild";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const require = createRequire(import.meta.url);
export const TRACES = ["scatter", "bar", "heatmap", "scatterpolar"];

const version = JSON.parse(readFileSync(require.resolve("plotly.js/package.json"))).version;
const result = await build({
  entryPoints: [join(here, "plotly-entry.cjs")],
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "Plotly",
  target: "es2018",
  legalComments: "eof", // keep plotly.js's and its dependencies' licence notices
  // plotly.js's own esbuild settings (esbuild-config.js in its package) ...
  alias: { regl: "@plotly/regl", stream: "stream-browserify" },
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
  // ... except the map stylesheet core imports: no map traces here, so nothing needs it.
  loader: { ".css": "empty" },
  banner: { js: `/*! plotly.js v${version} | (c) Plotly, Inc. | MIT License | traces: ${TRACES.join(", ")} */` },
  write: false,
  logLevel: "warning",
});
const code = Buffer.from(result.outputFiles[0].contents);
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, "plotly.min.js"), code);
writeFileSync(join(dist, "plotly.min.js.gz"), gzipSync(code, { level: 9 }));
writeFileSync(
  join(dist, "plotly.min.js.br"),
  brotliCompressSync(code, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length },
  }),
);
writeFileSync(join(dist, "manifest.json"), JSON.stringify({ plotly: version, traces: TRACES }, null, 2) + "\n");
console.log(`assets/dist/plotly.min.js: plotly.js ${version}, ${TRACES.join(", ")}, ${code.length} bytes`);
