import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import site from "../vite.config.mts";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The ministry dashboard alone, for a ministry's own static host (`npm run build:ministry`): the
 * site's build settings, with the page at the top of the output folder (`--outDir`) and only the
 * assets it uses.
 */
export default defineConfig({
  ...site,
  root,
  build: { ...site.build, rolldownOptions: { input: `${root}index.html` } },
});
