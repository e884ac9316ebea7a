// ESLint keeps the seams, Prettier keeps the style (no style rules here). `npm run lint` runs both; .ci/run runs it.
import { defineConfig } from "eslint/config";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

// What must never be imported at run time by a module that the browser gets: the database layer, `.server`
// modules (Remix leaves them out of the browser build, so a value from one is `undefined` there) and the server's
// packages. tests/http/bundle.test.ts checks the built result; these rules name the line that would cause it.
const serverOnly = [
  { regex: "(^|/)db(/|\\.server$)", message: "The database layer is server-only: enums are in ~/domain/constants, row shapes in ~/models/types." },
  { regex: "\\.server(\\.[jt]sx?)?$", message: "A browser-safe module imports no .server module (the browser build replaces it with an empty one)." },
  { regex: "^(drizzle-orm|better-sqlite3|nodemailer|@node-rs/argon2|lucia)(/|$)", message: "A server package has no place in a browser-safe module." },
];

export default defineConfig(
  { ignores: ["build/", "public/build/", "node_modules/", ".cache/", "tests/.tmp/", "migrations/"] },
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" },
    plugins: { "import-x": importX, "@typescript-eslint": tseslint.plugin },
    settings: {
      // import-x reads the imported files too (to follow cycles): it needs to know they are TypeScript.
      "import-x/extensions": [".ts", ".tsx", ".js", ".mjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
    },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: {
      // A cycle makes module order decide what is `undefined` at start-up; type-only imports do not count.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    // Browser-safe modules: what pages render and validate with (their own .server files excepted).
    files: [
      "app/components/**/*.{ts,tsx}",
      "app/schemas/**/*.ts",
      "app/domain/**/*.ts",
      "app/features/*/components/**/*.{ts,tsx}",
      "app/features/*/schemas.ts",
      "app/features/*/messages/**/*.ts",
      "app/policy.ts",
      "app/features/*/merge-policy.ts",
      "app/utils/**/*.ts",
    ],
    ignores: ["**/*.server.ts", "**/*.server.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: serverOnly }] },
  },
  {
    // Routes are adapters: they call commands and queries (.server modules, imported statically), never the
    // database. Types from the schema are fine: they vanish from every build.
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)db(/|\\.server$)",
              allowTypeImports: true,
              message: "Routes reach the database through a command or a query (app/features, app/models), never directly.",
            },
          ],
        },
      ],
    },
  },
);
