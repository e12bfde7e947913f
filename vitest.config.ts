import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
const shared = {
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside a React server bundle; tests run plain Node.
      "server-only": path.join(root, "test/support/server-only.ts"),
    },
  },
};

export default defineConfig({
  ...shared,
  test: {
    // A `.only` left in a test must fail CI rather than quietly run one test.
    allowOnly: !process.env.CI,
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          environment: "node",
          include: ["lib/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts"],
          exclude: ["**/*.contract.test.ts", "node_modules/**"],
          testTimeout: 30_000,
        },
      },
      {
        ...shared,
        test: {
          name: "contract",
          environment: "node",
          include: ["test/contract/**/*.contract.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
