/**
 * The expiry notice job against real sockets: an SMTP server (smtp-server) and an HTTP
 * receiver in this process take the digests; the clock is fixed and moved by hand.
 */
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { upsertCertificate } from "@/db/queries/certificates";
import { setSetting } from "@/db/queries/settings";
import { auditLog, batches, certificates, expiryNotices, noticeDeliveries } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { testClock, type TestClock } from "@/lib/auth/testing/support";
import { MAX_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS } from "@/lib/notices/attempt";
import { noticeChannels, type NoticeChannels } from "@/lib/notices/config";
import { dailyRunDue, deliverDue, recordNotices, runNoticeJob, type NoticeJobDeps } from "@/lib/notices/job";
import { RECIPIENTS_KEY } from "@/lib/notices/recipients";
import { thresholdBounds, tightestThreshold } from "@/lib/notices/thresholds";
import { crossingsQuery } from "@/db/queries/notices";
import { buildDigest, digestText, MAX_LISTED } from "@/lib/notices/digest";
import { noticeLog } from "@/lib/notices/log";
import { noticeTick } from "@/lib/notices/schedule";
import { queryPlan } from "@/db/testing/query-plan";

const DAY = 86_400_000;
const START = "2026-03-10T07:00:00.000Z";

let t: TempDb;
let clock: TestClock;

beforeEach(() => {
  t = tempDb();
  clock = testClock(START);
});
afterEach(() => t.cleanup());

/** A valid certificate expiring `days` after the clock's now. */
function cert(db: Db, serial: string, days: number, extra: { status?: "valid" | "revoked"; replacesSerial?: string } = {}) {
  upsertCertificate(db, {
    serial,
    commonName: `vasp-${serial.toLowerCase()}.example.org`,
    notBefore: new Date(clock().getTime() - 300 * DAY),
    notAfter: new Date(clock().getTime() + days * DAY),
    source: "import",
    status: extra.status ?? "valid",
  });
  if (extra.replacesSerial) db.update(certificates).set({ replacesSerial: extra.replacesSerial }).where(eq(certificates.serial, serial)).run();
}

function setRecipients(db: Db, list: string[]) {
  writeTx(db, (tx) => setSetting(tx, RECIPIENTS_KEY, list, null));
}

function deps(db: Db, channels: NoticeChannels = { smtp: null, webhook: null }): NoticeJobDeps {
  return { db, channels, clock, portalUrl: "https://ca.example.org/" };
}

function deliveries(db: Db) {
  return db.select().from(noticeDeliveries).orderBy(noticeDeliveries.id).all();
}

function notices(db: Db) {
  return db
    .select()
    .from(expiryNotices)
    .all()
    .map((n) => `${n.serial}@${n.thresholdDays}`)
    .sort();
}

describe("which certificates cross a threshold", () => {
  it("notifies each certificate at the tightest threshold it is within, once", () => {
    cert(t.db, "0A31", 31);
    cert(t.db, "0A30", 30);
    cert(t.db, "0A20", 20);
    cert(t.db, "0A10", 10);
    cert(t.db, "0A05", 5);
    cert(t.db, "0A01", 0.5);
    cert(t.db, "0AEE", -1);
    cert(t.db, "0ABB", 3, { status: "revoked" });
    const summary = recordNotices(deps(t.db), { kind: "manual" });
    expect(summary).toMatchObject({ ran: true, certificates: 5, thresholds: { "1": 1, "7": 1, "14": 1, "30": 2 }, deliveries: 1 });
    expect(notices(t.db)).toEqual(["0A01@1", "0A05@7", "0A10@14", "0A20@30", "0A30@30"]);
    // Nothing configured: kept in the portal, delivered as written.
    const [row] = deliveries(t.db);
    expect(row).toMatchObject({ channel: "portal", recipient: "portal", state: "delivered", attempts: 0 });
    expect(JSON.parse(row!.serials)).toEqual(["0A01", "0A05", "0A10", "0A20", "0A30"]);

    // The same day again: nothing new.
    expect(recordNotices(deps(t.db), { kind: "manual" })).toMatchObject({ certificates: 0, deliveries: 0 });

    // Ten days later: 0A20 (now 10 days) reaches 14, 0A30 (20) is still at 30, 0A31 (21) enters 30;
    // 0A10 (0 days) expired without its 1-day notice being skipped past: it is no longer valid.
    clock.advance(10 * DAY);
    recordNotices(deps(t.db), { kind: "manual" });
    expect(notices(t.db)).toEqual(["0A01@1", "0A05@7", "0A10@14", "0A20@14", "0A20@30", "0A30@30", "0A31@30"]);
  });

  it("a certificate first seen within 5 days gets the 7-day notice only, and later the 1-day one", () => {
    cert(t.db, "0B05", 5);
    recordNotices(deps(t.db), { kind: "manual" });
    expect(notices(t.db)).toEqual(["0B05@7"]);
    clock.advance(2 * DAY); // 3 days left: still within 7, nothing new
    expect(recordNotices(deps(t.db), { kind: "manual" }).certificates).toBe(0);
    clock.advance(2 * DAY + 1); // just under 1 day left
    recordNotices(deps(t.db), { kind: "manual" });
    expect(notices(t.db)).toEqual(["0B05@1", "0B05@7"]);
  });

  it("a threshold is reached at exactly that many days, not a millisecond before", () => {
    expect(tightestThreshold(new Date(clock().getTime() + 7 * DAY), clock())).toBe(7);
    expect(tightestThreshold(new Date(clock().getTime() + 7 * DAY + 1), clock())).toBe(14);
    expect(tightestThreshold(new Date(clock().getTime() + 30 * DAY + 1), clock())).toBeNull();
    expect(tightestThreshold(clock(), clock())).toBeNull();
    cert(t.db, "0C07", 7);
    upsertCertificate(t.db, { serial: "0C08", commonName: "c8", notAfter: new Date(clock().getTime() + 7 * DAY + 1), source: "import" });
    recordNotices(deps(t.db), { kind: "manual" });
    expect(notices(t.db)).toEqual(["0C07@7", "0C08@14"]);
  });

  it("skips certificates replaced or with a replacement in flight; a failed reissue does not count", () => {
    cert(t.db, "0D01", 10);
    cert(t.db, "0D02", 10);
    cert(t.db, "0D03", 10);
    cert(t.db, "0DAA", 400, { replacesSerial: "0D01" });
    const at = clock().toISOString();
    const batch = (serial: string, state: "processing" | "rejected") =>
      t.db.insert(batches).values({ kind: "single", batchName: `reissue ${serial}`, state, createdAt: at, updatedAt: at, reissueOfSerial: serial }).run();
    batch("0D02", "processing");
    batch("0D03", "rejected");
    recordNotices(deps(t.db), { kind: "manual" });
    expect(notices(t.db)).toEqual(["0D03@14"]);
  });

  it("runs the daily job once a day, from 06:00 UTC, across restarts", () => {
    cert(t.db, "0E01", 20);
    clock.set("2026-03-10T05:59:00.000Z");
    expect(dailyRunDue(t.db, clock())).toBe(false);
    expect(recordNotices(deps(t.db), { kind: "daily" }).ran).toBe(false);
    clock.set("2026-03-10T06:01:00.000Z");
    expect(dailyRunDue(t.db, clock())).toBe(true);
    expect(recordNotices(deps(t.db), { kind: "daily" })).toMatchObject({ ran: true, certificates: 1 });
    const again = t.reopen();
    expect(dailyRunDue(again, clock())).toBe(false);
    expect(recordNotices(deps(again), { kind: "daily" }).ran).toBe(false);
    clock.set("2026-03-11T06:00:00.000Z");
    expect(dailyRunDue(again, clock())).toBe(true);
  });

  it("audits a run with counts only, as the person who pressed Send now", () => {
    cert(t.db, "0F01", 3);
    recordNotices(deps(t.db, { smtp: null, webhook: null }), { kind: "manual", actor: { id: 7, email: "admin@example.org", role: "admin" }, ip: "10.0.0.1" });
    const entry = t.db.select().from(auditLog).where(eq(auditLog.action, "notice.send")).get();
    expect(entry).toMatchObject({ actorEmail: "admin@example.org", outcome: "succeeded", ip: "10.0.0.1" });
    expect(JSON.parse(entry!.details)).toEqual({ trigger: "manual", certificates: 1, thresholds: { "7": 1 }, recipients: 0, channels: { portal: 1 } });
    // A daily run that finds nothing writes no entry.
    clock.advance(DAY);
    recordNotices(deps(t.db), { kind: "daily" });
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, "notice.send")).all()).toHaveLength(1);
  });
});

describe("retries", () => {
  it("waits 1 min, 5 min, 30 min, 2 h, 6 h, then gives up", () => {
    const at = new Date(START);
    const waits = [1, 2, 3, 4, 5].map((n) => nextAttemptAt(n, at)!.getTime() - at.getTime());
    expect(waits).toEqual([...RETRY_DELAYS_MS]);
    expect(nextAttemptAt(MAX_ATTEMPTS, at)).toBeNull();
  });
});

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on a free loopback port; `answer` decides the reply to each message. */
async function smtpServer(options: { answer?: () => { code: number; text: string } | null; auth?: { user: string; pass: string } } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: options.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const refusal = options.answer?.() ?? null;
        if (refusal) return callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = ((server as unknown as { server: Server }).server.address() as AddressInfo).port;
  return { server, port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The unfolded headers and the decoded text/plain part of a message nodemailer wrote. */
function parseMail(raw: string): { subject: string; to: string; text: string } {
  const [head = "", ...rest] = raw.split("\r\n\r\n");
  const headers = head.replace(/\r\n[ \t]+/g, " ");
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(headers)?.[1] ?? "";
  const body = rest.join("\r\n\r\n");
  const part = /Content-Type: text\/plain[^\r]*\r\nContent-Transfer-Encoding: ([^\r]+)\r\n\r\n([\s\S]*?)\r\n--/i.exec(body);
  const encoding = part?.[1]?.trim().toLowerCase();
  let text = part?.[2] ?? "";
  if (encoding === "quoted-printable") text = text.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  if (encoding === "base64") text = Buffer.from(text, "base64").toString("utf8");
  return { subject: header("Subject"), to: header("To"), text: text.replace(/\r\n/g, "\n") };
}

describe("e-mail", () => {
  it("sends one digest per recipient listing each certificate once, and never again after a restart", async () => {
    const smtp = await smtpServer();
    try {
      cert(t.db, "1A01", 0.5);
      cert(t.db, "1A07", 6);
      cert(t.db, "1A30", 25);
      setRecipients(t.db, ["security@vasp.example.org", "ops@example.org"]);
      const channels = noticeChannels({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, NOTIFY_FROM: "ca-portal@example.org" });
      const result = await runNoticeJob(deps(t.db, channels), { kind: "daily" });
      expect(result).toMatchObject({ certificates: 3, deliveries: 2, delivered: 2, retrying: 0, failed: 0 });

      expect(smtp.received.map((m) => m.to).sort()).toEqual([["ops@example.org"], ["security@vasp.example.org"]]);
      for (const m of smtp.received) {
        expect(m.from).toBe("ca-portal@example.org");
        const mail = parseMail(m.raw);
        expect(mail.subject).toBe("TRISA certificates expiring: 3 within 30 days (1 within 1 day)");
        for (const serial of ["1A01", "1A07", "1A30"]) expect(mail.text.split(`serial ${serial}\n`)).toHaveLength(2);
        expect(mail.text).toContain("(0 days left; 1 day notice)");
        expect(mail.text).toContain("(6 days left; 7 days notice)");
        expect(mail.text).toContain("(25 days left; 30 days notice)");
        expect(mail.text).toContain("https://ca.example.org/certificates/1A07");
      }
      const rows = deliveries(t.db);
      expect(rows.map((r) => [r.channel, r.recipient, r.state, r.attempts])).toEqual([
        ["email", "security@vasp.example.org", "delivered", 1],
        ["email", "ops@example.org", "delivered", 1],
      ]);
      expect(rows[0]!.serverAnswer).toMatch(/^250 /);

      // A restart: a new job on a new connection to the same file, the same day and the next.
      const restarted = deps(t.reopen(), channels);
      expect(await runNoticeJob(restarted, { kind: "manual" })).toMatchObject({ certificates: 0, deliveries: 0, delivered: 0 });
      clock.advance(DAY);
      expect(await runNoticeJob(restarted, { kind: "daily" })).toMatchObject({ certificates: 0 });
      expect(smtp.received).toHaveLength(2);
    } finally {
      await smtp.close();
    }
  });

  it("logs a 451 with the server's answer, retries after the backoff, then delivers", async () => {
    let refuse = true;
    const smtp = await smtpServer({ answer: () => (refuse ? { code: 451, text: "4.3.0 try later" } : null) });
    try {
      cert(t.db, "2A01", 10);
      setRecipients(t.db, ["security@vasp.example.org"]);
      const d = deps(t.db, noticeChannels({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, NOTIFY_FROM: "ca-portal@example.org" }));
      expect(await runNoticeJob(d, { kind: "manual" })).toMatchObject({ delivered: 0, retrying: 1 });
      let [row] = deliveries(t.db);
      expect(row).toMatchObject({ state: "pending", attempts: 1, serverAnswer: "451 4.3.0 try later", deliveredAt: null });
      expect(row!.nextAttemptAt).toBe(new Date(clock().getTime() + 60_000).toISOString());

      // Not yet due: not tried.
      clock.advance(30_000);
      expect(await deliverDue(d)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
      refuse = false;
      clock.advance(31_000);
      expect(await deliverDue(d)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
      [row] = deliveries(t.db);
      expect(row).toMatchObject({ state: "delivered", attempts: 2, nextAttemptAt: null });
      expect(smtp.received).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  it("a permanent refusal (5xx) fails at once; one recipient's failure does not hold back another", async () => {
    const smtp = await smtpServer();
    const refusing = await smtpServer({ answer: () => ({ code: 550, text: "5.1.1 mailbox unavailable" }) });
    try {
      cert(t.db, "3A01", 10);
      setRecipients(t.db, ["a@example.org", "b@example.org"]);
      const good = noticeChannels({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, NOTIFY_FROM: "ca-portal@example.org" });
      const bad = noticeChannels({ SMTP_URL: `smtp://127.0.0.1:${refusing.port}`, NOTIFY_FROM: "ca-portal@example.org" });
      const d = deps(t.db, good);
      // The sender picks a server per recipient here, to fail one and not the other.
      const { sendDigestMail } = await import("@/lib/notices/smtp");
      const { postDigest } = await import("@/lib/notices/webhook");
      d.send = { mail: (_c, to, digest) => sendDigestMail(to === "a@example.org" ? bad : good, to, digest), webhook: postDigest };
      expect(await runNoticeJob(d, { kind: "manual" })).toMatchObject({ delivered: 1, failed: 1 });
      const rows = deliveries(t.db);
      expect(rows.map((r) => [r.recipient, r.state, r.serverAnswer])).toEqual([
        ["a@example.org", "failed", "550 5.1.1 mailbox unavailable"],
        ["b@example.org", "delivered", expect.stringMatching(/^250 /)],
      ]);
    } finally {
      await smtp.close();
      await refusing.close();
    }
  });

  it("signs in with the URL's user and password, and never stores the password", async () => {
    const password = "s3cret-Pa55word";
    const smtp = await smtpServer({ auth: { user: "portal", pass: password } });
    try {
      cert(t.db, "4A01", 10);
      setRecipients(t.db, ["a@example.org"]);
      const good = noticeChannels({ SMTP_URL: `smtp://portal:${password}@127.0.0.1:${smtp.port}`, NOTIFY_FROM: "ca-portal@example.org" });
      expect(await runNoticeJob(deps(t.db, good), { kind: "manual" })).toMatchObject({ delivered: 1 });
      // A refused login is the portal's configuration, not the message: retried, not failed.
      const wrong = noticeChannels({ SMTP_URL: `smtp://portal:not-${password}@127.0.0.1:${smtp.port}`, NOTIFY_FROM: "ca-portal@example.org" });
      cert(t.db, "4A03", 3);
      expect(await runNoticeJob(deps(t.db, wrong), { kind: "manual" })).toMatchObject({ retrying: 1, failed: 0 });
      expect(deliveries(t.db).at(-1)?.serverAnswer).toMatch(/^535 /);
      // Nothing listens on the next port: the network's error is kept, without the password.
      const closed = noticeChannels({ SMTP_URL: `smtp://portal:${password}@127.0.0.1:1`, NOTIFY_FROM: "ca-portal@example.org" });
      clock.advance(DAY);
      cert(t.db, "4A02", 5);
      // (the one refused at login is due again too)
      expect(await runNoticeJob(deps(t.db, closed), { kind: "manual" })).toMatchObject({ retrying: 2 });
      const stored = JSON.stringify([deliveries(t.db), t.db.select().from(auditLog).all()]);
      expect(stored).toContain("ECONNREFUSED");
      expect(stored).not.toContain(password);
    } finally {
      await smtp.close();
    }
  });
});

describe("webhook", () => {
  let server: Server;
  let status = 200;
  const bodies: { body: string; headers: Record<string, string | string[] | undefined> }[] = [];

  beforeEach(async () => {
    bodies.length = 0;
    status = 200;
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        bodies.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("POSTs the digest as JSON with an HMAC-SHA256 signature of the exact body; a 500 is retried with backoff", async () => {
    const secret = "0123456789abcdef0123456789abcdef";
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ca`;
    cert(t.db, "5A01", 6);
    cert(t.db, "5A02", 13);
    const d = deps(t.db, noticeChannels({ NOTIFY_WEBHOOK_URL: url, NOTIFY_WEBHOOK_SECRET: secret }));
    status = 500;
    expect(await runNoticeJob(d, { kind: "manual" })).toMatchObject({ deliveries: 1, retrying: 1 });
    let [row] = deliveries(t.db);
    expect(row).toMatchObject({ channel: "webhook", recipient: new URL(url).origin, state: "pending", attempts: 1, serverAnswer: "HTTP 500 Internal Server Error" });
    clock.advance(60_000);
    expect(await deliverDue(d)).toMatchObject({ retrying: 1 });
    [row] = deliveries(t.db);
    expect(row).toMatchObject({ attempts: 2, nextAttemptAt: new Date(clock().getTime() + 5 * 60_000).toISOString() });

    status = 204;
    clock.advance(5 * 60_000);
    expect(await deliverDue(d)).toMatchObject({ delivered: 1 });
    expect(bodies).toHaveLength(3);

    for (const { body, headers } of bodies) {
      const expected = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
      expect(headers["x-portal-signature"]).toBe(expected);
      expect(headers["content-type"]).toBe("application/json");
      expect(headers["x-portal-delivery"]).toBe(String(row!.id));
      const json = JSON.parse(body);
      expect(headers["x-portal-timestamp"]).toBe(json.sentAt);
      expect(json).toMatchObject({ type: "trisa.certificates.expiring", delivery: row!.id, subject: "TRISA certificates expiring: 2 within 14 days (1 within 7 days)" });
      expect(json.certificates.map((c: { serial: string; thresholdDays: number }) => [c.serial, c.thresholdDays])).toEqual([
        ["5A01", 7],
        ["5A02", 14],
      ]);
    }
    // A body changed in transit no longer matches its signature.
    const tampered = bodies[0]!.body.replace("5A01", "5A03");
    expect(`sha256=${createHmac("sha256", secret).update(tampered).digest("hex")}`).not.toBe(bodies[0]!.headers["x-portal-signature"]);
    expect(JSON.stringify(deliveries(t.db))).not.toContain(secret);
  });
});

describe("the plan SQLite runs", () => {
  it("reads the next 30 days from the (status, not_after) index and probes the rest per row", () => {
    const q = crossingsQuery(t.db, clock().toISOString(), thresholdBounds(clock())).toSQL();
    const plan = queryPlan(t.db, q.sql, q.params);
    expect(plan).toMatch(/SEARCH certificates USING INDEX certificates_status_idx \(status=\? AND not_after>\? AND not_after<\?\)/);
    expect(plan).toMatch(/certificates_replaces_idx/);
    expect(plan).toMatch(/batches_reissue_of_idx/);
    expect(plan).toMatch(/expiry_notices_serial_threshold_uq/);
    expect(plan).not.toMatch(/SCAN certificates|TEMP B-TREE/);
  });
});

describe("the e-mail log and the schedule", () => {
  it("pages the log newest first, with the certificates each notice listed", () => {
    for (let i = 0; i < 3; i++) {
      cert(t.db, `7A0${i}`, 3);
      recordNotices(deps(t.db), { kind: "manual" });
    }
    const first = noticeLog(t.db, { limit: 2 });
    expect(first.rows.map((r) => r.certificates.map((c) => c.serial))).toEqual([["7A02"], ["7A01"]]);
    expect(first.rows[0]).toMatchObject({ channel: "portal", state: "delivered", certificates: [{ serial: "7A02", commonName: "vasp-7a02.example.org", thresholdDays: 7 }] });
    const second = noticeLog(t.db, { limit: 2, before: first.nextBefore! });
    expect(second.rows.map((r) => r.certificates[0]?.serial)).toEqual(["7A00"]);
    expect(second.nextBefore).toBeNull();
  });

  it("a tick runs the day's job once and delivers; a failure is logged by its kind, never thrown", async () => {
    cert(t.db, "8A01", 3);
    clock.set("2026-03-10T06:00:30.000Z");
    const lines: string[] = [];
    await noticeTick({ deps: () => deps(t.db), log: (l) => lines.push(l) });
    await noticeTick({ deps: () => deps(t.db), log: (l) => lines.push(l) });
    expect(deliveries(t.db)).toHaveLength(1);
    expect(lines).toEqual([]);
    await noticeTick({
      deps: () => {
        throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
      },
      log: (l) => lines.push(l),
    });
    expect(lines).toEqual(["expiry notices: deliveries not tried (Error SQLITE_BUSY: database is locked); trying again at the next tick"]);
  });
});

describe("a large digest", () => {
  it("lists the soonest certificates up to the limit and counts the rest, with the subject over all of them", () => {
    const at = new Date(START);
    const crossings = Array.from({ length: 30_000 }, (_, i) => ({
      serial: i.toString(16).toUpperCase().padStart(6, "0"),
      commonName: `vasp-${i}.example.org`,
      notAfter: new Date(at.getTime() + DAY + i * 60_000).toISOString(),
      thresholdDays: i === 0 ? 1 : 30,
    }));
    const digest = buildDigest(crossings, at, "https://ca.example.org");
    expect(digest.subject).toBe("TRISA certificates expiring: 30000 within 30 days (1 within 1 day)");
    expect(digest.items).toHaveLength(MAX_LISTED);
    expect(digest.items[0]?.serial).toBe("000000");
    expect(digest.unlisted).toBe(30_000 - MAX_LISTED);
    expect(digestText(digest)).toContain(
      "…and 29500 more certificates in this notice, not listed here: see the certificates expiring within 30 days in the CA Portal (https://ca.example.org/certificates?status=expiring).",
    );
  });
});
