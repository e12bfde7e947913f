// The words a page shows for each way a Sectigo call can fail, per operation: what
// happened, whether Sectigo acted, and a "try again" only where it cannot duplicate.
import { describe, expect, it } from "vitest";
import { apiErrorFromResponse, type RawResponse } from "./http";
import { BadResponseError, InvalidCredentialsError, NetworkError, SectigoTimeoutError } from "./errors";
import { sectigoFailureMessage, type SectigoOperation } from "./user-message";

function reply(status: number, contentType: string, body: string): RawResponse {
  return {
    endpoint: "createSingleCertBatch",
    method: "PUT",
    path: "/api/v1/batches/createSingleCertBatch",
    status,
    statusText: "",
    headers: new Headers({ "content-type": contentType }),
    body: new TextEncoder().encode(body),
  };
}
const sectigoJson = (status: number, message: string) =>
  reply(status, "application/json;charset=UTF-8", JSON.stringify({ status, message, errorCode: 7, timestamp: 1 }));

const refused = new NetworkError("iot.example.net:8443", "connection refused", undefined, "not-sent");
const dropped = new NetworkError("iot.example.net:8443", "connection reset", undefined, "no-answer");
const timeout = new SectigoTimeoutError("createSingleCertBatch", 30_000);

describe("sectigoFailureMessage", () => {
  it("names the host when Sectigo cannot be reached, says nothing was sent, and offers a retry", () => {
    for (const operation of ["create", "upload", "revoke", "login"] as SectigoOperation[]) {
      const text = sectigoFailureMessage(refused, { operation });
      expect(text).toMatch(/^Sectigo could not be reached at iot\.example\.net:8443 \(connection refused\); nothing was sent/);
      expect(text).toMatch(/Try again when Sectigo is reachable\.$/);
    }
  });

  it("says the outcome is unknown after a timeout, with the way to settle it and no retry for create, upload, revoke", () => {
    const create = sectigoFailureMessage(timeout, { operation: "create" });
    expect(create).toBe(
      'Sectigo did not answer within 30 s, so whether Sectigo created the batch is unknown. The batch is marked "unknown" on its page: settle it there (Sectigo created it, or did not) before creating it again.',
    );
    expect(sectigoFailureMessage(dropped, { operation: "revoke" })).toMatch(
      /^The connection to Sectigo at iot\.example\.net:8443 broke before it answered \(connection reset\), so whether the certificate was revoked is unknown\. Use "Check with Sectigo"/,
    );
    for (const operation of ["create", "upload", "revoke"] as SectigoOperation[]) {
      expect(sectigoFailureMessage(timeout, { operation })).not.toMatch(/try again/i);
    }
    expect(sectigoFailureMessage(timeout, { operation: "download" })).toMatch(/Try the download again/);
  });

  it("gives the status of a 5xx and a retry that cannot duplicate", () => {
    const err = apiErrorFromResponse(sectigoJson(500, "Internal error"));
    expect(sectigoFailureMessage(err, { operation: "create" })).toBe(
      "Sectigo answered with a server error (HTTP 500): “Internal error”, so no batch was created. You can retry it from the batch's page once Sectigo works again.",
    );
    expect(sectigoFailureMessage(err, { operation: "revoke" })).toMatch(/HTTP 500.*nothing was revoked\. Try again later\.$/);
  });

  it("says what Sectigo does not know on a 404", () => {
    const err = apiErrorFromResponse(sectigoJson(404, "certificate not found"));
    expect(sectigoFailureMessage(err, { operation: "revoke", subject: "serial 0BADC0DE" })).toBe(
      "Sectigo does not know serial 0BADC0DE (HTTP 404): “certificate not found”; nothing was revoked.",
    );
    expect(sectigoFailureMessage(err, { operation: "batch-check", subject: "batch 10042" })).toMatch(/^Sectigo does not know batch 10042/);
  });

  it("quotes Sectigo's own words on a 400", () => {
    const err = apiErrorFromResponse(sectigoJson(400, "no balance available on authority 423"));
    expect(sectigoFailureMessage(err, { operation: "create" })).toBe(
      "Sectigo refused it (HTTP 400): “no balance available on authority 423”; no batch was created.",
    );
  });

  it("tells credentials refused after a fresh login apart from a login that failed first", () => {
    const after = apiErrorFromResponse(sectigoJson(401, "Unauthorized"));
    expect(sectigoFailureMessage(after, { operation: "revoke" })).toMatch(/^Sectigo refused the portal's credentials even after a fresh login \(HTTP 401\)/);
    expect(sectigoFailureMessage(new InvalidCredentialsError(), { operation: "create" })).toMatch(
      /^Sectigo refused the portal's username and password \(HTTP 401\); nothing was sent, so no batch was created/,
    );
  });

  it("says an unreadable success reply leaves the outcome unknown", () => {
    const err = new BadResponseError("createSingleCertBatch", "the body is not JSON", 200);
    expect(err.reached).toBe("no-answer");
    expect(sectigoFailureMessage(err, { operation: "upload" })).toMatch(/^Sectigo's reply could not be read .* so whether Sectigo created the batch is unknown\./);
  });

  it("never repeats the text of an error that is not the client's", () => {
    const text = sectigoFailureMessage(new Error("password=hunter2"), { operation: "create" });
    expect(text).not.toContain("hunter2");
    expect(text).toMatch(/^Something went wrong while talking to Sectigo/);
  });
});
