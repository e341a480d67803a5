// The workspace config plus the rules of hooks for the React app.
import reactHooks from "eslint-plugin-react-hooks";
import root from "../../eslint.config.js";

export default [
  ...root,
  { ignores: ["test-results/**", "playwright-report/**"] },
  {
    // Plain Node scripts (the e2e server launcher, the benchmark).
    files: ["**/*.mjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        URL: "readonly",
        fetch: "readonly",
        performance: "readonly",
        Buffer: "readonly",
        // Functions passed to page.waitForFunction run in the browser.
        document: "readonly",
      },
    },
  },
  {
    files: ["src/**/*.tsx", "src/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
];
