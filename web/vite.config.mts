import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/** Every page of the site: a folder of web/ with an index.html (`v/` the verifier, `portal/`, …). */
const pages = Object.fromEntries(
  readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "dist" && existsSync(`${root}${entry.name}/index.html`))
    .map((entry) => [entry.name, `${root}${entry.name}/index.html`]),
);

/**
 * The web pages, built into `web/dist/<page>/index.html` with shared hashed assets in
 * `web/dist/assets/`. Relative asset URLs let the same build be served by the issuance server (the
 * verifier at `/v`) or copied to any static host.
 */
export default defineConfig({
  root,
  base: "./",
  publicDir: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The QR decoder's WebAssembly and the fonts must stay files: the CSP allows no data: scripts or fonts.
    assetsInlineLimit: 0,
    rolldownOptions: { input: pages },
  },
});
