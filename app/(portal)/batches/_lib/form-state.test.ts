import { describe, expect, it } from "vitest";
import type { ActionResult } from "@/lib/actions/define-action";
import { fieldProblems } from "./action-support";
import { errorsFor, formMessage } from "./form-state";
import { InvalidInputError } from "@/lib/domain";
import { AppError } from "@/lib/errors";

type Data = { kind: "created"; id: number } | { kind: "invalid"; message: string; fieldErrors: Record<string, string[]> };

describe("form state from either layer", () => {
  it("reads defineAction's own field errors", () => {
    const state: ActionResult<Data> = { ok: false, code: "INVALID_INPUT", message: "x", fieldErrors: { commonName: ["bad"] } };
    expect(errorsFor(state, "commonName")).toEqual(["bad"]);
    expect(formMessage(state, ["commonName"])).toBe("Some fields need attention; see the messages beside them.");
  });

  it("reads the domain's field errors returned as data, and surfaces those of fields not on the form", () => {
    const state: ActionResult<Data> = { ok: true, data: { kind: "invalid", message: "m", fieldErrors: { countryName: ["Country is required"], form: ["The profile refused"] } } };
    expect(errorsFor(state, "countryName")).toEqual(["Country is required"]);
    expect(formMessage(state, ["countryName"])).toBe("The profile refused");
  });

  it("shows a refusal's message, and nothing after success", () => {
    expect(formMessage<Data>({ ok: false, code: "FORBIDDEN", message: "Your role does not allow this." }, [])).toBe("Your role does not allow this.");
    expect(formMessage<Data>({ ok: true, data: { kind: "created", id: 1 } }, [])).toBeNull();
    expect(formMessage<Data>(null, [])).toBeNull();
  });
});

describe("fieldProblems", () => {
  it("keeps the domain's field errors, and ignores other errors", () => {
    expect(fieldProblems(new InvalidInputError({ commonName: ["Not a host"] }))).toEqual({ message: "Not a host", fieldErrors: { commonName: ["Not a host"] } });
    expect(fieldProblems(new AppError("NO_BALANCE", "internal", "No balance left."))).toBeNull();
    expect(fieldProblems(new Error("boom"))).toBeNull();
    expect(fieldProblems(null)).toBeNull();
  });
});
