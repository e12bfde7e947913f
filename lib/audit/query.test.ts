import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { appendAudit, recordAudit } from "@/lib/audit/append";
import { csvCell } from "@/lib/audit/csv";
import { streamAuditCsv, streamAuditJsonl } from "@/lib/audit/export";
import { countAudit, getAuditEntry, listAudit } from "@/lib/audit/query";
import { auditRowsNewestFirst, danglingIntentRows } from "@/db/queries/audit-log";
import { accountMadeOrEnabledBy } from "@/db/queries/revocation-requests";
import type { AuditRow } from "@/db/schema";
import { preparedPlans } from "@/db/testing/query-plan";
import type { AuditActor, AuditEntry } from "@/lib/audit/types";

const alice: AuditActor = { id: 1, email: "alice@example.com", role: "admin" };
const bob: AuditActor = { id: 2, email: "bob@example.org", role: "operator" };

let t: TempDb;
let db: Db;
let clockMs: number;
const clock = () => new Date((clockMs += 60_000));

beforeEach(() => {
  t = tempDb();
  db = t.db;
  clockMs = Date.parse("2026-02-01T00:00:00.000Z");
  const add = (actor: AuditActor, action: string, outcome: Parameters<typeof recordAudit>[1]["outcome"], target?: { type: string; id: string }, intentSeq?: number, details?: Record<string, unknown>) =>
    recordAudit(db, { actor, action, outcome, target, intentSeq, details }, { clock }).seq;
  add(alice, "auth.login", "succeeded"); // 1  00:01
  const revoke = add(bob, "certificate.revoke", "requested", { type: "certificate", id: "0A0B" }); // 2 00:02
  add(bob, "certificate.revoke", "succeeded", { type: "certificate", id: "0A0B" }, revoke); // 3 00:03
  add(bob, "certificate.find", "succeeded", { type: "common-name", id: "x.example.com" }); // 4 00:04
  add(alice, "user.create", "succeeded", { type: "user", id: "9" }, undefined, { cn: "=HYPERLINK(\"http://evil\")" }); // 5 00:05
  add(bob, "auth.login", "failed"); // 6 00:06
});
afterEach(() => t.cleanup());

const seqs = (entries: AuditEntry[]) => entries.map((e) => e.seq);

describe("listAudit", () => {
  it("returns newest first", () => {
    expect(seqs(listAudit(db).entries)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it("filters by actor (case-insensitive, prefix), action prefix, target, outcome and time range", () => {
    expect(seqs(listAudit(db, { actor: "ALICE@example.com" }).entries)).toEqual([5, 1]);
    expect(seqs(listAudit(db, { actor: "bob" }).entries)).toEqual([6, 4, 3, 2]);
    expect(seqs(listAudit(db, { action: "certificate" }).entries)).toEqual([4, 3, 2]);
    expect(seqs(listAudit(db, { action: "certificate.revoke" }).entries)).toEqual([3, 2]);
    expect(seqs(listAudit(db, { target: { type: "certificate", id: "0A0B" } }).entries)).toEqual([3, 2]);
    expect(seqs(listAudit(db, { outcome: ["failed", "requested"] }).entries)).toEqual([6, 2]);
    expect(seqs(listAudit(db, { from: "2026-02-01T00:03:00.000Z", to: new Date("2026-02-01T00:05:00.000Z") }).entries)).toEqual([4, 3]);
    expect(seqs(listAudit(db, { actor: "bob", action: "auth", outcome: "failed" }).entries)).toEqual([6]);
  });

  it("pages by seq without gaps or repeats", () => {
    const first = listAudit(db, {}, { limit: 4 });
    expect(seqs(first.entries)).toEqual([6, 5, 4, 3]);
    expect(first.nextBeforeSeq).toBe(3);
    const second = listAudit(db, {}, { limit: 4, beforeSeq: first.nextBeforeSeq! });
    expect(seqs(second.entries)).toEqual([2, 1]);
    expect(second.nextBeforeSeq).toBeNull();
  });

  it("gives entries as plain data with parsed details", () => {
    const [entry] = listAudit(db, { action: "user.create" }).entries;
    expect(entry).toMatchObject({
      seq: 5,
      at: "2026-02-01T00:05:00.000Z",
      actor: alice,
      target: { type: "user", id: "9" },
      outcome: "succeeded",
      intentSeq: null,
      details: { cn: '=HYPERLINK("http://evil")' },
    });
    expect(entry?.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("getAuditEntry and countAudit", () => {
  it("links an intent to its outcomes and an outcome to its intent", () => {
    expect(getAuditEntry(db, 2)).toMatchObject({ entry: { seq: 2 }, intent: null, outcomes: [{ seq: 3, outcome: "succeeded" }] });
    expect(getAuditEntry(db, 3)).toMatchObject({ entry: { seq: 3 }, intent: { seq: 2, outcome: "requested" }, outcomes: [] });
    expect(getAuditEntry(db, 99)).toBeNull();
  });

  it("counts filtered matches up to a cap", () => {
    expect(countAudit(db, { actor: "bob" })).toEqual({ count: 4, capped: false });
    expect(countAudit(db, { actor: "bob", action: "certificate" })).toEqual({ count: 3, capped: false });
    expect(countAudit(db, { actor: "bob" }, 3)).toEqual({ count: 3, capped: true });
  });

  it("keeps 'more than the cap' for 30 seconds unless asked afresh; a count under the cap is always counted", () => {
    const t0 = new Date("2026-03-01T00:00:00Z");
    const at = (ms: number) => ({ now: new Date(t0.getTime() + ms) });
    const prepare = vi.spyOn(db.$client, "prepare");
    expect(countAudit(db, { actor: "bob" }, 3, at(0))).toEqual({ count: 3, capped: true });
    const counted = prepare.mock.calls.length;
    expect(counted).toBeGreaterThan(0);
    expect(countAudit(db, { actor: "bob" }, 3, at(29_000))).toEqual({ count: 3, capped: true });
    expect(prepare.mock.calls.length).toBe(counted); // kept: the log was not read
    expect(countAudit(db, { actor: "bob" }, 3, { ...at(29_000), fresh: true })).toEqual({ count: 3, capped: true });
    expect(prepare.mock.calls.length).toBeGreaterThan(counted); // an export's entry counts now
    const before = prepare.mock.calls.length;
    // that count is kept in turn, to 59 s; past it the log is read again
    expect(countAudit(db, { actor: "bob" }, 3, at(58_000))).toEqual({ count: 3, capped: true });
    expect(prepare.mock.calls.length).toBe(before);
    expect(countAudit(db, { actor: "bob" }, 3, at(60_000))).toEqual({ count: 3, capped: true });
    expect(prepare.mock.calls.length).toBeGreaterThan(before);
    // under the cap the figure is exact at once
    expect(countAudit(db, { actor: "alice" }, 3, at(0))).toEqual({ count: 2, capped: false });
    recordAudit(db, { actor: alice, action: "auth.logout", outcome: "succeeded" });
    expect(countAudit(db, { actor: "alice" }, 3, at(1000))).toEqual({ count: 3, capped: false });
    prepare.mockRestore();
  });

  it("counts actor + action by a whole address or its beginning, as the list finds them", () => {
    recordAudit(db, { actor: { id: 3, email: "bob@example.org.uk", role: "support" }, action: "auth.login", outcome: "succeeded" });
    for (const filters of [
      { actor: "bob@example.org", action: "auth" },
      { actor: "BOB@example.org", action: "auth.login" },
      { actor: "bob@example.org.uk", action: "auth" },
      { actor: "b", action: "certificate.revoke" },
      { actor: "alice@example.com", action: "certificate" },
    ]) {
      expect(countAudit(db, filters).count).toBe(listAudit(db, filters).entries.length);
    }
    expect(countAudit(db, { actor: "bob@example.org", action: "auth" })).toEqual({ count: 2, capped: false });
  });

  it("counts the whole log exactly, past any cap, blank filters included", () => {
    expect(countAudit(db, {}, 3)).toEqual({ count: 6, capped: false });
    expect(countAudit(db, { actor: " ", action: "" }, 3)).toEqual({ count: 6, capped: false });
    recordAudit(db, { actor: alice, action: "auth.logout", outcome: "info" });
    expect(countAudit(db)).toEqual({ count: 7, capped: false });
  });
});

describe("exports", () => {
  it("CSV: a header, oldest first, quoted per RFC 4180, formulas neutralized", () => {
    const csv = [...streamAuditCsv(db, {}, 2)].join("");
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("seq,at,actor_email,actor_role,actor_id,action,target_type,target_id,outcome,intent_seq,ip,details,prev_hash,hash");
    expect(lines).toHaveLength(8); // header, 6 rows, trailing empty
    expect(lines[1]).toMatch(/^1,2026-02-01T00:01:00\.000Z,alice@example\.com,admin,1,auth\.login,,,succeeded,,,\{\},0{64},[0-9a-f]{64}$/);
    expect(lines[5]).toContain('"{""cn"":""=HYPERLINK(\\""http://evil\\"")""}"');
  });

  it("CSV cells that a spreadsheet would run as formulas start with a quote", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+SUM(A1)")).toBe("'+SUM(A1)");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\r=x")).toBe("\"'\r=x\"");
    expect(csvCell('=HYPERLINK("a","b")')).toBe(`"'=HYPERLINK(""a"",""b"")"`);
    expect(csvCell("plain, with comma")).toBe('"plain, with comma"');
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
  });

  it("a CSV target id crafted as a formula is neutralized in the export", () => {
    recordAudit(db, { actor: bob, action: "certificate.find", outcome: "succeeded", target: { type: "common-name", id: "=cmd|' /C calc'!A0" } });
    const csv = [...streamAuditCsv(db, { action: "certificate.find" })].join("");
    expect(csv).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(csv).not.toMatch(/,=cmd/);
  });

  it("JSON Lines: one entry per line, filtered, oldest first", () => {
    const lines = [...streamAuditJsonl(db, { actor: "bob" }, 1)].join("").trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as AuditEntry).seq)).toEqual([2, 3, 4, 6]);
  });

  it("stops at the head it started from, even if entries are appended meanwhile", () => {
    const stream = streamAuditJsonl(db, {}, 2);
    const first = stream.next();
    recordAudit(db, { actor: alice, action: "auth.logout", outcome: "info" });
    const rest = [...stream].join("");
    const all = `${first.value as string}${rest}`.trimEnd().split("\n");
    expect(all).toHaveLength(6);
  });
});

describe("listAudit on a log longer than the recent window (5,000 entries)", () => {
  // 5,200 entries a minute apart after the six above: entry seq s is at 00:00 + s minutes.
  const minute = (seq: number) => new Date(Date.parse("2026-02-01T00:00:00.000Z") + seq * 60_000);
  beforeEach(() => {
    writeTx(db, (tx) => {
      for (let i = 0; i < 5200; i++) appendAudit(tx, { actor: i % 2 ? alice : bob, action: "certificate.find", outcome: "succeeded" }, { clock });
    });
  });

  it("finds a time range long past, and one inside the recent window, newest first", () => {
    expect(seqs(listAudit(db, { from: minute(100), to: minute(103) }).entries)).toEqual([102, 101, 100]);
    expect(seqs(listAudit(db, { from: minute(5150), to: minute(5153), actor: "bob" }).entries)).toEqual([5151]);
    // a range across the window's edge (the newest 5,000 start at seq 207)
    expect(seqs(listAudit(db, { from: minute(205), to: minute(209) }).entries)).toEqual([208, 207, 206, 205]);
  });

  it("goes straight to the indexes for a range that ends before the window", () => {
    const prepare = vi.spyOn(db.$client, "prepare");
    listAudit(db, { from: minute(100), to: minute(103) }); // warm: the window's first time is a kept statement
    const queries = (filters: Parameters<typeof listAudit>[1]) => {
      const before = prepare.mock.calls.length;
      listAudit(db, filters);
      return prepare.mock.calls.length - before;
    };
    const past = queries({ from: minute(100), to: minute(103) });
    // a range reaching into the window walks it first (it does not fill the page there): one query more
    expect(queries({ from: minute(205), to: minute(209) })).toBe(past + 1);
    prepare.mockRestore();
  });

  it("finds one object's entries (a certificate's history) through the target index without walking the newest entries", () => {
    let found: AuditEntry[] = [];
    const plans = preparedPlans(db, () => (found = listAudit(db, { target: { type: "certificate", id: "0A0B" } }).entries)).map((p) => p.plan);
    expect(seqs(found)).toEqual([3, 2]);
    expect(plans.join("\n")).toMatch(/audit_log_target_idx \(target_type=\? AND target_id=\?\)/);
    expect(plans.join("\n")).not.toMatch(/rowid>\?/);
  });
});

describe("the plans SQLite runs on the audit log", () => {
  const day = { outcome: "failed" as const, from: "2026-01-01T00:00:00.000Z", to: "2026-01-02T00:00:00.000Z" };
  /** the statement that picks a page's seqs through an index (not the walk of the newest entries) */
  const pageSeqs = (plans: { text: string; plan: string }[]) => plans.find((p) => /in \(select "seq"/i.test(p.text));

  it("an outcome on a day sorts only the day's matching seqs, from the (outcome, at) index alone, then reads the page's rows by seq", () => {
    const list = pageSeqs(preparedPlans(db, () => listAudit(db, day)));
    expect(list?.plan).toMatch(/COVERING INDEX audit_log_outcome_at_idx \(outcome=\? AND at>\? AND at<\?\)/);
    expect(list?.plan).toMatch(/USING INTEGER PRIMARY KEY \(rowid=\?\)/);
  });

  it("counts an outcome on a day, and an outcome alone, inside that index without reading a row", () => {
    const count = preparedPlans(db, () => countAudit(db, day, 10_000, { fresh: true })).find((p) => /count\(\*\)/.test(p.text));
    expect(count?.plan).toMatch(/COVERING INDEX audit_log_outcome_at_idx \(outcome=\? AND at>\? AND at<\?\)/);
    const alone = preparedPlans(db, () => countAudit(db, { outcome: "failed" }, 10_000, { fresh: true })).find((p) => /count\(\*\)/.test(p.text));
    expect(alone?.plan).toMatch(/COVERING INDEX audit_log_outcome_at_idx \(outcome=\?\)/);
  });

  it("an outcome alone is sorted from its index while it has few matches, and walked by seq when it has many", () => {
    // below seq 4 the newest-entries walk cannot fill a page of 3: the rarer-match plan decides
    const page = (sortedAtMost: number) => {
      let rows: AuditRow[] = [];
      const plans = preparedPlans(db, () => (rows = auditRowsNewestFirst(db, { outcome: "succeeded" }, { beforeSeq: 4, fetch: 3, sortedAtMost })));
      return { seqs: rows.map((r) => r.seq), sorted: pageSeqs(plans)?.plan };
    };
    const few = page(10); // 4 succeeded entries: sorted
    expect(few.sorted).toMatch(/COVERING INDEX audit_log_outcome_at_idx \(outcome=\?\)/);
    const many = page(2); // more than 2: walked, no index sort
    expect(many.sorted).toBeUndefined();
    expect(many.seqs).toEqual(few.seqs);
    expect(few.seqs).toEqual([3, 1]);
  });

  it("start-up recovery walks intents on their partial index, in seq order, with no sort", () => {
    const plans = preparedPlans(db, () => danglingIntentRows(db, { limit: 10, olderThan: new Date("2026-03-01T00:00:00.000Z") }));
    expect(plans.map((p) => p.plan).join("\n")).toMatch(/USING (COVERING )?INDEX audit_log_requested_idx/);
    expect(plans.map((p) => p.plan).join("\n")).not.toMatch(/TEMP B-TREE|audit_log_outcome_at_idx/);
  });

  it("the check that an approver's account was not made by the requester reads that account's entries (the target index)", () => {
    const plans = preparedPlans(db, () => accountMadeOrEnabledBy(db, 1, 9, "2026-01-01T00:00:00.000Z"));
    expect(plans.map((p) => p.plan).join("\n")).toMatch(/audit_log_target_idx \(target_type=\? AND target_id=\?\)/);
  });
});
