import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  { ignores: ["node_modules/", "artifacts/", "cache/", "typechain-types/", "coverage/", "dist/", "web/dist/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  // Layout is the formatter's job (npm run format); eslint keeps to correctness.
  prettier,
  {
    files: ["test/**/*.ts"],
    // Tests read JSON answers of every shape and index fixtures they built themselves.
    rules: { "@typescript-eslint/no-non-null-assertion": "off", "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Configuration read by a tool's own process in plain CommonJS (scripts/lib/hardhat-node.config.cjs).
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", __dirname: "readonly", process: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
