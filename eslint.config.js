// ESLint flat config: the extension's background and pages are ES modules, its content scripts are
// classic scripts (browsers cannot load content scripts as modules), and the tests run under Node.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/**", ".venv/**", "dist/**", "extension/vendor/**", ".setup-stamps/**"] },
  js.configs.recommended,
  {
    files: ["extension/**/*.js"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.webextensions },
    },
  },
  {
    files: ["extension/content/**/*.js"],
    languageOptions: { sourceType: "script" },
  },
  {
    // Scripts the fixture pages include: classic page scripts, as a site's own would be.
    files: ["tests/fixtures/**/*.js"],
    languageOptions: { ecmaVersion: 2023, sourceType: "script", globals: { ...globals.browser } },
  },
  {
    files: ["tests/js/**/*.{js,mjs}", "eslint.config.js", "scripts/**/*.{js,mjs}"],
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { ...globals.node } },
  },
];
