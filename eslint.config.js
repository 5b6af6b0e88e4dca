// ESLint flat config: typescript-eslint's type-aware rules over the library, the kernel package, tests,
// benches and scripts. The rules chosen catch bugs (a promise nobody awaits, an await on a non-promise,
// a misused promise in a callback), not style: the formatter (Prettier, `npm run format:check`) owns layout.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["**/dist/**", "**/node_modules/**", "out/**", "wasm/**", ".venv*/**", "python/**", "**/*.d.ts", "test/frontends/artifacts/**", "notebooks/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "scripts/*.mjs", "packages/kernel/setup/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        performance: "readonly",
        AbortController: "readonly",
        AbortSignal: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        structuredClone: "readonly",
        queueMicrotask: "readonly",
        setImmediate: "readonly",
        WebAssembly: "readonly",
        fetch: "readonly",
        globalThis: "readonly",
      },
    },
    rules: {
      // The bugs these rules exist for: a floating promise loses its error; an async callback where a
      // void one is expected runs unawaited.
      // node:test's test() and describe() return promises the runner itself tracks.
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["test", "it", "describe", "suite", "before", "after", "beforeEach", "afterEach"] },
          ],
        },
      ],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false, attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/require-await": "off",
      // tfjs's and the Jupyter protocol's loosely typed objects make these noise rather than signal.
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/restrict-template-expressions": "off",
      // A cast the compiler sees as redundant is harmless, and removing them all would churn every file.
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
      // String(x) of an unknown value in an error message is meant; Jupyter's untyped content is checked where it matters.
      "@typescript-eslint/no-base-to-string": "off",
      // The code passes plain object-literal functions (curve families, ts.sys methods re-bound with call) that use no `this`.
      "@typescript-eslint/unbound-method": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Tests poke at Vega-Lite specs and tfjs internals whose types are deliberately loose.
    files: ["test/**", "packages/kernel/test/**", "bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "no-regex-spaces": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
