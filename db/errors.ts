/**
 * Typed database errors. `message` says what went wrong for the logs and the operator;
 * `userMessage` is what a person in the browser may see. Neither ever carries SQL values.
 */
import { DomainError } from "@/lib/errors";

export type DatabaseErrorCode =
  | "DB_PRAGMA_NOT_IN_FORCE"
  | "DB_OPEN_FAILED"
  | "DB_MIGRATIONS_NOT_FOUND"
  | "DB_MIGRATION_FAILED"
  | "DB_BUSY"
  | "DB_ASYNC_TRANSACTION";

export class DatabaseError extends DomainError<DatabaseErrorCode> {
  readonly family = "db";
  override readonly name = "DatabaseError";
  constructor(
    code: DatabaseErrorCode,
    message: string,
    userMessage = "The database could not complete the request. Try again; if it persists, tell an administrator.",
    options?: { cause?: unknown },
  ) {
    super(code, message, userMessage, options);
  }
}

/** better-sqlite3 errors carry SQLite's extended code name, e.g. "SQLITE_BUSY_SNAPSHOT". */
export function sqliteCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === "string" && code.startsWith("SQLITE_") ? code : undefined;
}

export function isUniqueViolation(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
