// Dependency rules of Tasdiq, checked by `npm run deps` (part of `npm test`). docs/architecture.md,
// section "Dependency rules", says the same in prose.

/** What the code that runs in production is: the library, the server, the web pages, and `npm start`. */
const PRODUCTION = "^(core|server|web/[^/]+/src|web/shared|scripts/start[.]ts$|scripts/lib)/?";

/**
 * The npm packages core may use: pure computation that runs the same in Node and in the browser
 * (hashing, encodings, schemas, ABI and signatures). Anything else — a database, the file system, a
 * network client — is a port that the server or the page passes in.
 */
const CORE_PACKAGES = [
  "@ethereumjs/mpt",
  "@noble/curves",
  "@scure/base",
  "canonicalize",
  "ethers",
  "hash-wasm",
  "js-sha3",
  "zod",
];

export default {
  forbidden: [
    {
      name: "no-circular",
      comment:
        "A cycle of imports means neither module can be read, tested or moved without the other, and " +
        "module initialisation order starts to matter. Move the shared part into a module of its own.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-folder-cycles",
      comment:
        "Folders are layers (server: http below the features, features below anchoring and app.ts; " +
        "core: crypto and credential below batch, issue and verify). Two folders importing each other " +
        "are one concern split in two, or a helper living in the wrong place.",
      severity: "error",
      scope: "folder",
      from: { path: "^(core|server|web|scripts)/" },
      to: { circular: true },
    },
    {
      name: "core-imports-only-core",
      comment:
        "core is the pure library the server, the verifier page, the CLI and other implementations " +
        "share: it does no I/O, so it imports only itself and a short list of pure packages — no Node " +
        "built-ins (the browser has none; it uses WebCrypto through globalThis.crypto), no server or web code.",
      severity: "error",
      from: { path: "^core/" },
      to: {
        pathNot: ["^core/", `^node_modules/(${CORE_PACKAGES.join("|")})/`],
      },
    },
    {
      name: "web-not-to-server",
      comment: "The web pages are clients of the server's public API; they share code with it only through core.",
      severity: "error",
      from: { path: "^web/" },
      to: { path: "^server/" },
    },
    {
      name: "server-not-to-web",
      comment: "The server serves the built pages as files; it never imports their sources.",
      severity: "error",
      from: { path: "^server/" },
      to: { path: "^web/" },
    },
    {
      name: "contracts-through-core-abi",
      comment:
        "The server and the pages talk to the registries through core's human-readable ABI (tested " +
        "against the compiled contracts), so they run without a compile step and the browser bundle " +
        "carries no artifacts. Only scripts (deploy, demo), benchmarks and tests use the typechain types.",
      severity: "error",
      from: { path: "^(core|server|web)/" },
      to: { path: "^(typechain-types|artifacts)/" },
    },
    {
      name: "no-non-package-json",
      comment:
        "A package imported but not declared in package.json works only by accident of hoisting, and " +
        "breaks on a clean `npm ci` or when the package that brought it in drops it.",
      severity: "error",
      from: {},
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "not-to-unresolvable",
      comment:
        "An import that resolves to nothing fails at run time. (Vite's `?url` imports name an asset, not a module.)",
      severity: "error",
      // bench/peers/ installs its own packages on its first run (bench/peers.ts); a fresh clone has none yet.
      from: { pathNot: "^bench/peers/" },
      to: { couldNotResolve: true, pathNot: "[?]url$" },
    },
    {
      name: "not-to-dev-dep",
      comment:
        "`npm ci --omit=dev` installs no devDependencies, so production code (core, server, the pages, " +
        "`npm start`) must not import one. Type-only imports are erased and may.",
      severity: "error",
      from: { path: PRODUCTION, pathNot: "[.]config[.]m?ts$" },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    // bench/peers/ has a node_modules of its own.
    doNotFollow: { path: "(^|/)node_modules/" },
    exclude: { path: "^web/dist/" },
    tsConfig: { fileName: "tsconfig.json" },
    // Type-only imports couple modules as much as value imports do: they count for cycles and layers.
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    // Packages such as csv-parse, zxing-wasm and vite declare their entry points in "exports".
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".mts", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
