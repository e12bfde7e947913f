// drizzle-kit configuration: `drizzle-kit generate` writes migrations from db/schema.ts into
// drizzle/ (committed, never hand-edited except the custom ones drizzle-kit creates empty),
// `drizzle-kit check` verifies them. The portal applies them itself at start (db/migrate.ts).
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./drizzle",
  dbCredentials: { url: process.env.DATABASE_URL ?? "./data/portal.db" },
  strict: true,
  verbose: true,
});
