/**
 * defineAction: THE way to write a server action. Every export of an `actions.ts` is a public
 * POST endpoint that anyone can call without the UI, so each one is built here:
 *
 *   export const disableUserAction = defineAction(
 *     { name: "disableUserAction", permission: "users.manage", input: z.object({ userId: z.coerce.number() }) },
 *     async (input, { user, db, ip }) => { …; return { … } },
 *   );
 *
 * Steps, in this order, each ending the call on failure:
 * 1. session: none (or ended) → { ok: false, code: "UNAUTHENTICATED" }; a session that has not
 *    finished signing in (its second factor, or the enrolment of one, still due) →
 *    { ok: false, code: "FACTOR_REQUIRED" }, audited, unless the action names that stage;
 * 2. permission (lib/auth/rbac.ts): missing → { ok: false, code: "FORBIDDEN" }, and the refusal
 *    is audited as `access.denied` with the action's name; then, for a `stepUp` action, a proof
 *    of the person within 10 minutes → else { ok: false, code: "STEP_UP_REQUIRED" }, audited;
 * 3. input: parsed with the zod schema (use z.coerce for form fields) → on failure
 *    { ok: false, code: "INVALID_INPUT", fieldErrors, values }, where `values` gives text
 *    fields back for the form to refill but NEVER a field named like a secret (password, token…);
 * 4. the handler; an AppError (or any error with code + userMessage) becomes
 *    { ok: false, code, message: userMessage }; anything else is logged without values and
 *    answered with a generic sentence. Next's redirect()/notFound() pass through.
 *
 * The two exceptions are sign-in and sign-out (app/(auth)/login/actions.ts,
 * app/(portal)/actions.ts): they create and end the session this wrapper checks.
 *
 * The action works with useActionState (`(prevState, formData)`), with a plain form without
 * JavaScript (`(formData)`), and with a plain object (`action(null, { userId: 3 })`).
 */
import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { Db } from "@/db/client";
import { errorLogLine, isSecretKey } from "@/lib/audit/redact";
import type { AuditActor } from "@/lib/audit/types";
import type { DenialContext } from "@/lib/auth/denials";
import { can, type Permission } from "@/lib/auth/rbac";
import type { ClientInfo } from "@/lib/auth/request-info";
import type { SessionUser } from "@/lib/auth/sessions";
import type { SessionStage } from "@/db/enums";
import { GENERIC_USER_MESSAGE, isUserFacingError } from "@/lib/errors";
import { hasFreshProof, STEP_UP_REQUIRED } from "@/lib/auth/step-up-window";

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: string;
      message: string;
      fieldErrors?: Record<string, string[]>;
      /** submitted text fields, secrets left out, for refilling a form after an error */
      values?: Record<string, string>;
    };

export interface ActionContext {
  user: SessionUser;
  db: Db;
  /** the user as an audit actor */
  actor: AuditActor;
  ip: string | null;
}

export interface ActionDefinition<S extends z.ZodType> {
  /** The exported name, e.g. `createUserAction`: it names the action in audit entries and logs. */
  name: string;
  permission: Permission;
  input: S;
  /**
   * Session stages besides `full` that may call it: only the second-factor step ("factor")
   * and factor enrolment ("enrol") name theirs. Every other action needs a full session.
   */
  stages?: readonly SessionStage[];
  /**
   * An act that needs fresh proof of the person (lib/auth/step-up.ts): refused with
   * STEP_UP_REQUIRED, and audited, unless a factor (or, without one, the password) was given
   * in this session within the last 10 minutes. useFormAction then asks for it and retries.
   * Asked of full sessions only (see `stages`).
   */
  stepUp?: boolean;
}

export type ServerAction<T> = (
  prevState: ActionResult<T> | null | FormData,
  payload?: FormData | Record<string, unknown>,
) => Promise<ActionResult<T>>;

export interface ActionDeps {
  getUser: () => Promise<SessionUser | null>;
  /** the time step-up freshness is judged at */
  now?: () => Date;
  getDb: () => Db;
  requestInfo: () => Promise<ClientInfo>;
  recordDenial: (db: Db, user: SessionUser, permission: Permission, context: DenialContext) => void;
  logError: (line: string) => void;
}

/** FormData as a plain object: repeated keys become arrays; Next's `$ACTION…` fields are dropped. */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}

function echoValues(raw: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "string" && !isSecretKey(key)) values[key] = value.slice(0, 2000);
  }
  return values;
}

/** Builds defineAction over injected dependencies (tests inject a fake session and database). */
export function createDefineAction(loadDeps: () => ActionDeps | Promise<ActionDeps>) {
  return function defineAction<S extends z.ZodType, T>(
    definition: ActionDefinition<S>,
    handler: (input: z.output<S>, context: ActionContext) => T | Promise<T>,
  ): ServerAction<T> {
    return async function action(prevState, payload) {
      // A form posted without JavaScript calls the action with the FormData alone.
      const submitted = payload ?? (prevState instanceof FormData ? prevState : undefined);
      const deps = await loadDeps();

      const user = await deps.getUser();
      if (!user) {
        return { ok: false, code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again, then retry." };
      }
      const db = deps.getDb();
      const info = await deps.requestInfo();
      if (user.stage !== "full" && !(definition.stages ?? []).includes(user.stage)) {
        deps.recordDenial(db, user, definition.permission, { action: definition.name, ip: info.ip, reason: user.stage === "factor" ? "factor-required" : "enrolment-required" });
        return {
          ok: false,
          code: "FACTOR_REQUIRED",
          message: user.stage === "factor" ? "Give your second factor first: sign-in is not finished." : "Set up a second factor first: your role must have one before anything else.",
        };
      }
      if (!can(user.role, definition.permission)) {
        deps.recordDenial(db, user, definition.permission, { action: definition.name, ip: info.ip });
        return {
          ok: false,
          code: "FORBIDDEN",
          message: "Your role does not allow this. Ask an administrator if you need it.",
        };
      }

      // Only a full session is asked: a session at enrolment has just given its password and can
      // do nothing but set up its first factor.
      if (definition.stepUp && user.stage === "full" && !hasFreshProof(user, (deps.now ?? (() => new Date()))())) {
        deps.recordDenial(db, user, definition.permission, { action: definition.name, ip: info.ip, reason: "step-up-required" });
        return { ok: false, code: STEP_UP_REQUIRED, message: "Confirm it is you: this needs your second factor (or password) from the last 10 minutes." };
      }

      const raw = submitted instanceof FormData ? formDataToObject(submitted) : (submitted ?? {});
      const parsed = definition.input.safeParse(raw);
      if (!parsed.success) {
        const flat = z.flattenError(parsed.error);
        const fieldErrors: Record<string, string[]> = {};
        for (const [key, messages] of Object.entries(flat.fieldErrors as Record<string, string[] | undefined>)) {
          if (messages && messages.length > 0) fieldErrors[key] = messages;
        }
        return {
          ok: false,
          code: "INVALID_INPUT",
          message: flat.formErrors[0] ?? "Some fields need attention.",
          fieldErrors,
          values: echoValues(raw),
        };
      }

      try {
        const data = await handler(parsed.data, {
          user,
          db,
          actor: { id: user.id, email: user.email, role: user.role },
          ip: info.ip,
        });
        return { ok: true, data };
      } catch (err) {
        unstable_rethrow(err);
        if (isUserFacingError(err)) {
          // A domain validation error (e.g. lib/issuance's InvalidInputError) names the
          // fields at fault, so the form can show each message beside its field.
          const fieldErrors = fieldErrorsOf(err);
          return { ok: false, code: err.code, message: err.userMessage, ...(fieldErrors ? { fieldErrors } : {}), values: echoValues(raw) };
        }
        // The message may quote values: it goes through the audit's redaction, without the stack.
        deps.logError(`[action ${definition.name}] user ${user.id}: ${errorLogLine(err)}`);
        return { ok: false, code: "INTERNAL", message: GENERIC_USER_MESSAGE };
      }
    };
  };
}

function fieldErrorsOf(err: object): Record<string, string[]> | undefined {
  const candidate = (err as { fieldErrors?: unknown }).fieldErrors;
  if (typeof candidate !== "object" || candidate === null) return undefined;
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(candidate)) {
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

async function loadDefaultDeps(): Promise<ActionDeps> {
  // Loaded on first call, not at import: `next build` evaluates action modules, and the
  // session module pulls in Auth.js and the database.
  const [session, client, request, denials] = await Promise.all([
    import("@/lib/auth/session"),
    import("@/db/client"),
    import("@/lib/auth/request-info"),
    import("@/lib/auth/denials"),
  ]);
  return {
    getUser: session.getSessionUser,
    getDb: client.getDb,
    requestInfo: request.currentRequestInfo,
    recordDenial: denials.recordDenial,
    logError: (line) => console.error(line),
  };
}

export const defineAction = createDefineAction(loadDefaultDeps);
