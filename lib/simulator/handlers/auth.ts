/**
 * Endpoints A and B (docs/sectigo-protocol.md §3.1). Real-service status codes: wrong credentials are
 * 401 (cathy says 403), and /auth/refresh takes the raw refresh token as its body even
 * though the client declares JSON. Credentials are compared in constant time and never
 * appear in a reply or a log line.
 */
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { passwordLoginSchema } from "@/lib/sectigo/schemas";
import { badRequest, SimulatorError } from "../errors";
import { JSON_LIMIT_BYTES, parseJson, readBody, sendJson } from "../http";
import type { HandlerContext } from "../router";

function sameSecret(a: string, b: string): boolean {
  // Hashing first makes the comparison length-independent as well as constant-time.
  const ha = createHash("sha256").update(a, "utf8").digest();
  const hb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ha, hb);
}

export async function passwordLogin({ core, req, res }: HandlerContext): Promise<void> {
  const body = parseJson(await readBody(req, JSON_LIMIT_BYTES));
  const login = passwordLoginSchema.safeParse(body);
  if (!login.success) throw badRequest('The request body must be JSON {"username": string, "password": string}.');
  const userOk = sameSecret(login.data.username, core.options.username);
  const passwordOk = sameSecret(login.data.password, core.options.password);
  if (!userOk || !passwordOk) {
    throw new SimulatorError("INVALID_CREDENTIALS", 401, "The username or password is not correct.");
  }
  sendJson(res, 200, core.tokens.issuePair());
}

export async function refreshLogin({ core, req, res }: HandlerContext): Promise<void> {
  const token = (await readBody(req, JSON_LIMIT_BYTES)).toString("utf8").trim();
  if (token === "") throw new SimulatorError("INVALID_TOKEN", 401, "No refresh token was sent; send the raw refresh token as the body.");
  const check = core.tokens.check(token, "refresh");
  if (!check.ok) {
    const message =
      check.reason === "EXPIRED"
        ? "The refresh token has expired; log in again at /auth/pwd."
        : check.reason === "WRONG_KIND"
          ? "That is not a refresh token; send the refresh token from /auth/pwd."
          : "The refresh token is not valid; log in again at /auth/pwd.";
    throw new SimulatorError("INVALID_TOKEN", 401, message);
  }
  sendJson(res, 200, core.tokens.issuePair());
}
