import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layers of docs/architecture.md ("What may import what"), enforced. One flat-config entry
// per group of files, because a later entry replaces an earlier entry's options for the same
// rule instead of adding to them; each entry lists every restriction its files live under.
const TESTS = ["**/*.test.ts", "**/*.test.tsx", "**/testing/**", "**/test-support.ts", "**/test-support/**", "e2e/**"];

const noDrizzleOutsideDb = {
  regex: "^(@/db/schema|(\\.\\.?/)+(.*/)?db/schema|drizzle-orm(/.*)?|better-sqlite3)$",
  message:
    "Tables and SQL live in db/: take row types and value lists from @/db/types and call a function of db/queries/<table>.ts.",
};
const noPages = {
  regex: "^(@/app(/.*)?|(\\.\\./)+app(/.*)?)$",
  message: "lib/ and db/ never import a page or a component: the app depends on the domain, not the other way round.",
};
const noLibBarrelsInside = {
  // A type-only import loads nothing (the CLI types its lazily imported pki module this way).
  allowTypeImports: true,
  regex: "^@/lib/(actions|audit|auth|cli|connection|dashboard|domain|inventory|issuance|notices|pki|recovery|revocation|sectigo|simulator)$",
  message:
    "Inside lib/ and db/, import the module you need (e.g. @/lib/pki/serial), not a room's index: an index loads its whole room (pkijs, forge, fflate…) and invites cycles. Barrels are the public face for app/ and the CLI.",
};
const dbOnlyBelow = {
  regex: "^@/lib/(?!errors$|env$|crypto/|pki/serial$|pki/types$)",
  message: "db/ is the bottom layer: from lib/ it may use only lib/errors, lib/env, lib/crypto and lib/pki/serial or lib/pki/types.",
};
const pkiOnlyItself = {
  regex: "^@/(db(/.*)?|lib/(?!errors$|pki/).*)$",
  message: "lib/pki parses and writes X.509, CSR, PKCS#12, ZIP and CRL; it depends on nothing of the portal but lib/errors.",
};
const noQueriesFromPages = {
  regex: "^@/db/queries(/.*)?$",
  message: "Pages and actions reach the data through lib/<room>, which owns the rules (audit, transactions); not through db/queries directly.",
};

const restrict = (...patterns) => ["error", { patterns }];

// A production build bundles one module into several chunks, so an error made by one copy of
// a class is not `instanceof` another copy's class: project errors are recognised by the
// guards of lib/errors.ts (a Symbol.for brand and the code). Error itself and the platform's
// errors are fine; next-auth's AuthError is checked where next-auth throws it.
const noInstanceofProjectErrors = [
  "error",
  {
    selector:
      "BinaryExpression[operator='instanceof'][right.type='Identifier'][right.name=/Error$/]:not([right.name=/^(Error|TypeError|RangeError|SyntaxError|AggregateError|DOMException|AuthError)$/])",
    message: "Recognise a project error with the guards of lib/errors.ts (isAppError, hasCode, isErrorOfFamily…), never instanceof: it fails across the chunks of a production build.",
  },
];
// typescript-eslint's version of the rule: the same options, plus allowTypeImports per pattern.
const RULE = "@typescript-eslint/no-restricted-imports";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "out/**", "build/**", "next-env.d.ts", "data/**", ".e2e/**", "reports/**", "test-results/**"]),
  { files: ["**/*.{ts,tsx}"], rules: { "no-restricted-syntax": noInstanceofProjectErrors } },
  {
    files: ["app/**/*.{ts,tsx}", "proxy.ts", "instrumentation.ts"],
    ignores: TESTS,
    rules: { [RULE]: restrict(noDrizzleOutsideDb, noQueriesFromPages) },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    ignores: [...TESTS, "lib/pki/**"],
    rules: { [RULE]: restrict(noDrizzleOutsideDb, noPages, noLibBarrelsInside) },
  },
  {
    files: ["lib/pki/**/*.ts"],
    ignores: TESTS,
    rules: { [RULE]: restrict(noDrizzleOutsideDb, noPages, noLibBarrelsInside, pkiOnlyItself) },
  },
  {
    files: ["db/**/*.ts"],
    ignores: TESTS,
    rules: { [RULE]: restrict(noPages, noLibBarrelsInside, dbOnlyBelow) },
  },
]);
