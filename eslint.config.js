import js from "@eslint/js";
import tseslint from "typescript-eslint";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

// The engine folders must never reach the browser bundle: only *.server.ts
// modules and route loaders/actions may import them.
const engineFolders = ["shopify", "repo", "storage", "keys", "backup", "jobs", "config"];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "build/**",
      ".cache/**",
      "data/**",
      "test/fixtures/**",
      "extensions/**/dist/**",
      "public/build/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { react, "react-hooks": reactHooks },
    settings: { react: { version: "18" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      "react/prop-types": "off",
    },
  },
  {
    // Client-reachable modules (components, root, non-server route helpers).
    files: ["app/**/*.tsx", "app/components/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: engineFolders.map((folder) => ({
            group: [`~/${folder}/*`, `../${folder}/*`, `../../${folder}/*`],
            message: "Engine code is server-only: reach it through a *.server.ts module.",
          })),
        },
      ],
    },
  },
);
