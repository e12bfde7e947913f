// The last-contact recorder: only successful answers count, the database sees at most one
// write per interval plus a trailing one, and a failing write never reaches the call.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SectigoAttempt } from "@/lib/sectigo/http";
import { contactRecorder } from "./last-contact";

const ok: SectigoAttempt = { endpoint: "userAuthorities", method: "GET", path: "/api/v1/authority", attempt: 0, status: 200, durationMs: 5 };

afterEach(() => vi.useRealTimers());

describe("contactRecorder", () => {
  it("falls back to the stored time, and to never", () => {
    const stored = new Date("2026-11-25T10:00:00.000Z");
    expect(contactRecorder({ write: () => undefined, read: () => stored }).lastContact()).toBe(stored);
    expect(contactRecorder({ write: () => undefined, read: () => null }).lastContact()).toBeNull();
  });

  it("counts 2xx answers only", () => {
    const writes: Date[] = [];
    const recorder = contactRecorder({ write: (at) => writes.push(at), read: () => null });
    recorder.onRequest({ ...ok, status: 500 });
    recorder.onRequest({ ...ok, status: 401 });
    recorder.onRequest({ ...ok, status: undefined, errorCode: "NETWORK" });
    expect(recorder.lastContact()).toBeNull();
    expect(writes).toEqual([]);
    recorder.onRequest(ok);
    expect(writes).toHaveLength(1);
    expect(recorder.lastContact()).toEqual(writes[0]);
  });

  it("writes at most once per interval, then the latest time once the interval is over", () => {
    vi.useFakeTimers({ now: new Date("2026-11-25T12:00:00.000Z") });
    const writes: string[] = [];
    const recorder = contactRecorder({ write: (at) => writes.push(at.toISOString()), read: () => null, minIntervalMs: 5000 });
    recorder.onRequest(ok);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(100);
      recorder.onRequest(ok);
    }
    expect(writes).toEqual(["2026-11-25T12:00:00.000Z"]);
    expect(recorder.lastContact()?.toISOString()).toBe("2026-11-25T12:00:02.000Z");
    vi.advanceTimersByTime(5000);
    expect(writes).toEqual(["2026-11-25T12:00:00.000Z", "2026-11-25T12:00:02.000Z"]);
  });

  it("a failing write is swallowed and the time still shown", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const recorder = contactRecorder({
      write: () => {
        throw new Error("SQLITE_BUSY");
      },
      read: () => null,
    });
    expect(() => recorder.onRequest(ok)).not.toThrow();
    expect(recorder.lastContact()).not.toBeNull();
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});
