import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { redirect } from "next/navigation";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { createDefineAction, type ActionDeps } from "@/lib/actions/define-action";
import { recordDenial } from "@/lib/auth/denials";
import type { SessionUser } from "@/lib/auth/sessions";
import { auditOf } from "@/lib/auth/testing/support";
import { AppError } from "@/lib/errors";

const support: SessionUser = { id: 3, email: "sue@example.org", name: "Sue", role: "support", sessionId: "s".repeat(43) , stage: "full", factorAt: null};
const admin: SessionUser = { id: 1, email: "ada@example.org", name: "Ada", role: "admin", sessionId: "a".repeat(43) , stage: "full", factorAt: null};

let t: TempDb;
let db: Db;
let user: SessionUser | null;
let logged: string[];
let calls: unknown[];

beforeEach(() => {
  t = tempDb();
  db = t.db;
  user = admin;
  now = new Date("2026-03-01T09:00:00.000Z");
  logged = [];
  calls = [];
});
afterEach(() => t.cleanup());

let now = new Date("2026-03-01T09:00:00.000Z");
const deps = (): ActionDeps => ({
  getUser: async () => user,
  now: () => now,
  getDb: () => db,
  requestInfo: async () => ({ ip: "10.2.3.4", userAgent: "vitest" }),
  recordDenial,
  logError: (line) => logged.push(line),
});
const defineAction = createDefineAction(deps);

const renameInput = z.object({
  userId: z.coerce.number().int().positive("Pick an account."),
  name: z.string().trim().min(1, "Enter a name."),
  password: z.string().min(12, "Use at least 12 characters."),
});

const renameAction = defineAction({ name: "renameAction", permission: "users.manage", input: renameInput }, async (input, ctx) => {
  calls.push({ input, user: ctx.user.email, ip: ctx.ip, actor: ctx.actor });
  if (input.name === "boom") throw new Error("disk on fire: password=hunter2hunter2");
  if (input.name === "taken") throw new AppError("EMAIL_TAKEN", "unique violation on users.name", "That name is taken.");
  if (input.name === "bad-field") {
    throw Object.assign(new AppError("INVALID_INPUT", "domain validation", "Check the highlighted fields."), {
      fieldErrors: { commonName: ["The common name must be a DNS host name."] },
    });
  }
  if (input.name === "go-away") redirect("/elsewhere");
  return { renamed: input.userId };
});

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

const good = { userId: "7", name: "New Name", password: "long enough password" };

const enrolAction = defineAction({ name: "enrolAction", permission: "users.manage", input: z.object({}), stages: ["enrol"] }, () => "enrolled");

const revokeLikeAction = defineAction({ name: "revokeLikeAction", permission: "users.manage", input: z.object({}), stepUp: true }, () => "done");
const addFactorLikeAction = defineAction({ name: "addFactorLikeAction", permission: "account.own", input: z.object({}), stages: ["enrol"], stepUp: true }, () => "added");

describe("defineAction and step-up", () => {
  it("runs a step-up action only within 10 minutes of the last factor, refusing (and auditing) it after, on the server", async () => {
    user = { ...admin, factorAt: "2026-03-01T08:50:00.001Z" };
    await expect(revokeLikeAction(null, {})).resolves.toEqual({ ok: true, data: "done" });
    now = new Date("2026-03-01T09:00:00.001Z"); // 10 minutes to the millisecond
    await expect(revokeLikeAction(null, {})).resolves.toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    user = { ...admin, factorAt: null };
    await expect(revokeLikeAction(null, {})).resolves.toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    const denials = db.select().from(auditLog).all();
    expect(denials.map((d) => [d.action, JSON.parse(d.details).action, JSON.parse(d.details).reason])).toEqual([
      ["access.denied", "revokeLikeAction", "step-up-required"],
      ["access.denied", "revokeLikeAction", "step-up-required"],
    ]);
    // a role without the permission is told so first, whatever its factor
    user = { ...support, factorAt: null };
    await expect(revokeLikeAction(null, {})).resolves.toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("asks a full session for the proof, but not one at enrolment (it has just given its password)", async () => {
    user = { ...admin, stage: "full", factorAt: null };
    await expect(addFactorLikeAction(null, {})).resolves.toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    user = { ...admin, stage: "enrol", factorAt: null };
    await expect(addFactorLikeAction(null, {})).resolves.toEqual({ ok: true, data: "added" });
  });
});

describe("defineAction and a sign-in that is not finished", () => {
  it("refuses every action to a session still waiting for its second factor or its enrolment, and audits it", async () => {
    for (const stage of ["factor", "enrol"] as const) {
      user = { ...admin, stage };
      await expect(renameAction(null, form(good))).resolves.toMatchObject({ ok: false, code: "FACTOR_REQUIRED" });
    }
    expect(calls).toEqual([]);
    const denials = db.select().from(auditLog).all();
    expect(denials.map((d) => [d.action, JSON.parse(d.details).reason])).toEqual([
      ["access.denied", "factor-required"],
      ["access.denied", "enrolment-required"],
    ]);
  });

  it("lets an action name the stage it serves (enrolment), and nothing else", async () => {
    user = { ...admin, stage: "enrol" };
    await expect(enrolAction(null, {})).resolves.toEqual({ ok: true, data: "enrolled" });
    user = { ...admin, stage: "factor" };
    await expect(enrolAction(null, {})).resolves.toMatchObject({ ok: false, code: "FACTOR_REQUIRED" });
  });
});

describe("defineAction", () => {
  it("runs the handler with parsed (coerced) input and the caller's context", async () => {
    await expect(renameAction(null, form(good))).resolves.toEqual({ ok: true, data: { renamed: 7 } });
    expect(calls).toEqual([
      {
        input: { userId: 7, name: "New Name", password: "long enough password" },
        user: "ada@example.org",
        ip: "10.2.3.4",
        actor: { id: 1, email: "ada@example.org", role: "admin" },
      },
    ]);
  });

  it("accepts a plain object, and a form posted without JavaScript (FormData as the only argument)", async () => {
    await expect(renameAction(null, { userId: 8, name: "Obj", password: "long enough password" })).resolves.toEqual({ ok: true, data: { renamed: 8 } });
    await expect(renameAction(form({ ...good, userId: "9" }))).resolves.toEqual({ ok: true, data: { renamed: 9 } });
  });

  it("refuses without a session, before reading input or running anything", async () => {
    user = null;
    await expect(renameAction(null, form(good))).resolves.toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(calls).toHaveLength(0);
    expect(auditOf(db, "access.denied")).toHaveLength(0);
  });

  it("refuses a role without the permission and audits the denial with the action's name", async () => {
    user = support;
    const result = await renameAction(null, form(good));
    expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(calls).toHaveLength(0);
    const [entry] = auditOf(db, "access.denied");
    expect(entry).toMatchObject({ actorEmail: "sue@example.org", actorRole: "support", outcome: "denied", ip: "10.2.3.4", targetId: "users.manage" });
    expect(entry?.details).toEqual({ permission: "users.manage", action: "renameAction" });
  });

  it("checks the permission before the input: a forbidden caller learns nothing about the fields", async () => {
    user = support;
    const result = await renameAction(null, form({ userId: "x" }));
    expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect("fieldErrors" in result).toBe(false);
  });

  it("returns field errors for bad input and gives text back — except anything named like a password", async () => {
    const result = await renameAction(null, form({ userId: "abc", name: "  ", password: "tiny-pw1" }));
    expect(result).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["name", "password", "userId"]);
    expect(result.fieldErrors?.password).toEqual(["Use at least 12 characters."]);
    expect(result.values).toEqual({ userId: "abc", name: "  " });
    expect(JSON.stringify(result)).not.toContain("tiny-pw1");
    expect(calls).toHaveLength(0);
  });

  it("turns an AppError into its user message", async () => {
    await expect(renameAction(null, form({ ...good, name: "taken" }))).resolves.toMatchObject({
      ok: false,
      code: "EMAIL_TAKEN",
      message: "That name is taken.",
    });
  });

  it("passes a domain error's field errors through to the form", async () => {
    const result = await renameAction(null, form({ ...good, name: "bad-field" }));
    expect(result).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      message: "Check the highlighted fields.",
      fieldErrors: { commonName: ["The common name must be a DNS host name."] },
    });
  });

  it("turns any other error into a generic sentence, logging the error without the stack", async () => {
    const result = await renameAction(null, form({ ...good, name: "boom" }));
    expect(result).toEqual({ ok: false, code: "INTERNAL", message: "Something went wrong on the server; nothing was changed." });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("[action renameAction] user 1: Error: disk on fire");
    expect(logged[0]).not.toContain("\n    at ");
    // The planted secret goes through the audit's redaction before the log.
    expect(logged[0]).not.toContain("hunter2");
    expect(logged[0]).toContain("password=[redacted]");
  });

  it("lets Next's redirect through", async () => {
    await expect(renameAction(null, form({ ...good, name: "go-away" }))).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT") as unknown as string });
  });
});
