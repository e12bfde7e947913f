/**
 * The issuance and revocation rows of the bench (docs/operations.md §7: P4, P6), driven
 * in-process through the same domain functions the portal's server actions call
 * (lib/issuance's previewCsrs and uploadCsrs, lib/revocation's revokeCertificate), against a
 * real simulator over HTTP and a throwaway database — never the seeded one.
 *
 * Why in-process rather than over the portal's HTTP: a server action post carries the build's
 * action ids and a revoke form's typed confirmation, which a script can only forge by parsing
 * the page; and driving Chromium would time the browser's rendering, not the portal. What the
 * portal adds to a revoke (the checks, the audit intent and outcome with their fsyncs, the
 * revocation row, the inventory update) all happens inside revokeCertificate, so it is all in
 * the figure; the action wrapper around it only reads the session.
 *
 *   P4  revoke through the portal, wall time     vs the same client's direct revoke call   ≤ 1.5× or + 15 ms
 *   P6  1,000 CSRs pasted: parse + verify + preview  vs bare @peculiar/x509 parse + verify   ≥ 0.5×; ≤ 2 s
 *   P6  the same CSRs uploaded (parse, verify, store, send)                                 ≤ 2 s for 1,000
 */
import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { x509 } from "@/lib/pki/x509";
import { openDb, type Db } from "@/db/client";
import { users } from "@/db/schema";
import type { ActorContext } from "@/lib/domain/context";
import { advanceBatch, previewCsrs, uploadCsrs } from "@/lib/issuance";
import { ecKeys, makeCsr } from "@/lib/pki/testdata/make";
import { revokeCertificate } from "@/lib/revocation";
import { SectigoClient } from "@/lib/sectigo";
import { startSimulator } from "@/lib/simulator/server";
import { initialState } from "@/lib/simulator/state";
import { fmtCount, fmtMs, fmtRatio, type Report } from "./report";
import { median, timeAsync } from "./stats";

const ACTOR = { id: 1, email: "bench@bench.test", role: "operator" } as const;
const PROFILE = 17;
const SIM_USER = "bench";
const SIM_PASSWORD = "bench-simulator-password";

/** `count` PEM CSRs, each with its own EC P-256 key (the upload refuses a key used twice). */
async function csrText(count: number, prefix: string): Promise<string> {
  const pems: string[] = [];
  for (let i = 0; i < count; i++) {
    const cn = `${prefix}-${i}.bench.example`;
    const csr = await makeCsr({ name: `CN=${cn}, O=Bench VASP, C=US`, dns: [cn], keys: await ecKeys() });
    pems.push(csr.toString("pem"));
  }
  return `${pems.join("\n")}\n`;
}

function openScratchDb(file: string): Db {
  const db = openDb(file);
  const at = new Date().toISOString();
  db.insert(users).values({ id: ACTOR.id, email: ACTOR.email, name: "Bench", role: ACTOR.role, passwordHash: "x", createdAt: at, updatedAt: at }).run();
  return db;
}

export async function benchDomain(report: Report, options: { csrs: number; revokes: number; simulatorPort: number }): Promise<void> {
  report.header("P4, P6  in-process through lib/issuance and lib/revocation, against a simulator over HTTP");
  // PKCS#12 passwords of batches are encrypted with the data key; the scratch folder has its own.
  process.env.DATA_KEY ??= randomBytes(32).toString("base64");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-domain-"));
  let sim: Awaited<ReturnType<typeof startSimulator>> | undefined;
  let db: Db | undefined;
  try {
    // The simulator's authorities start with 100 and 50 certificates of balance: enough for a
    // demo, not for a thousand CSRs, so its state starts with a large balance instead.
    const simDir = path.join(dir, "simulator");
    fs.mkdirSync(path.join(simDir, "simulator"), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(simDir, "simulator", "state.json"), JSON.stringify(initialState({ "423": 1_000_000, "489": 1_000_000 })));
    sim = await startSimulator({
      dataDir: simDir,
      port: options.simulatorPort,
      username: SIM_USER,
      password: SIM_PASSWORD,
      processingDelayMs: 0,
      leafKeyBits: 2048,
      caKeyBits: 2048,
      log: () => undefined,
    });
    const client = new SectigoClient({ endpoint: sim.url, username: SIM_USER, password: SIM_PASSWORD, timeoutMs: 10_000, getRetries: 0 });
    db = openScratchDb(path.join(dir, "portal.db"));
    const ctx: ActorContext = { db, client, actor: ACTOR, ip: "127.0.0.1" };
    // P4 first: its batch is the only one due when it asks the simulator to issue.
    const running = sim;
    await report.measure("P4", "revoke through the portal", () => p4(report, ctx, running, options.revokes));
    await report.measure("P6", `${options.csrs} CSRs pasted at once`, () => p6(report, ctx, options.csrs));
  } catch (err) {
    report.add({ id: "P4", what: "simulator for P4 and P6", error: err instanceof Error ? err.message : String(err) });
  } finally {
    db?.$client.close();
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function p6(report: Report, ctx: ActorContext, count: number): Promise<void> {
  const text = await csrText(count, "p6");
  const blocks = text.split(/(?<=-----END CERTIFICATE REQUEST-----\n)/).filter((b) => b.includes("BEGIN"));
  // warm both paths (JIT, WebCrypto) on a few CSRs first
  await previewCsrs(blocks.slice(0, 20).join(""));
  const base = await timeAsync(async () => {
    for (const pem of blocks) {
      const ok = await new x509.Pkcs10CertificateRequest(pem).verify();
      if (!ok) throw new Error("a generated CSR does not verify");
    }
  });
  let good = 0;
  const preview = await timeAsync(async () => (good = (await previewCsrs(text)).filter((p) => p.ok).length));
  if (good !== count) throw new Error(`the preview accepted ${good} of ${count} generated CSRs`);
  const upload = await timeAsync(async () => {
    const result = await uploadCsrs(ctx, { profileId: PROFILE, fileName: "bench.pem", csrText: text });
    if (result.submitted !== count) throw new Error(`the upload submitted ${result.submitted} of ${count} CSRs`);
  });
  const per = (ms: number) => `${((ms / count) * 1000).toFixed(0)} µs`;
  const at1000 = (ms: number) => (ms / count) * 1000;
  report.add({
    id: "P6",
    what: `${fmtCount(count)} CSRs: parse + verify + preview`,
    ours: per(preview),
    base: per(base),
    ratio: fmtRatio(base / preview),
    goal: `≥ 0.5× (speed); 1,000 ≤ 2 s (${(at1000(preview) / 1000).toFixed(2)} s)`,
    met: base / preview >= 0.5 && at1000(preview) <= 2000,
  });
  report.add({
    id: "P6",
    what: `${fmtCount(count)} CSRs: upload (incl. the simulator)`,
    ours: per(upload),
    base: per(base),
    ratio: fmtRatio(base / upload),
    goal: `1,000 ≤ 2 s (${(at1000(upload) / 1000).toFixed(2)} s)`,
    met: at1000(upload) <= 2000,
  });
}

/** Issues `2 × count` certificates through a CSR batch, then revokes half through the portal and half directly. */
async function p4(report: Report, ctx: ActorContext, sim: { runDueBatches(): Promise<void> }, count: number): Promise<void> {
  const { batch } = await uploadCsrs(ctx, { profileId: PROFILE, fileName: "p4.pem", csrText: await csrText(2 * count, "p4") });
  for (let i = 0; ; i++) {
    await sim.runDueBatches();
    const state = (await advanceBatch(ctx.db, ctx.client, batch.id)).state;
    if (state === "indexed") break;
    if (i >= 30 || state === "rejected" || state === "errored") throw new Error(`the revoke batch did not issue (state ${state})`);
  }
  const certs = ctx.db.$client.prepare("SELECT serial, common_name AS cn FROM certificates WHERE batch_id = ? ORDER BY id").all(batch.id) as { serial: string; cn: string }[];
  if (certs.length < 2 * count) throw new Error(`the batch indexed ${certs.length} of ${2 * count} certificates`);
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < count; i++) {
    const [mine, direct] = [certs[2 * i]!, certs[2 * i + 1]!];
    base.push(await timeAsync(() => ctx.client.revokeCertificate(PROFILE, 4, direct.serial)));
    ours.push(
      await timeAsync(async () => {
        const result = await revokeCertificate(ctx, { serial: mine.serial, reasonCode: 4, confirmation: mine.cn });
        if (result.outcome !== "revoked") throw new Error(`revoke answered ${result.outcome}: ${result.message}`);
      }),
    );
  }
  const [o, b] = [median(ours), median(base)];
  report.add({ id: "P4", what: `revoke, median of ${count}`, ours: fmtMs(o), base: fmtMs(b), ratio: fmtRatio(o / b), goal: "≤ 1.5× or ≤ + 15 ms", met: o / b <= 1.5 || o - b <= 15 });
}
