/**
 * The demo dataset: a year of believable history for a new portal — batches, real (if
 * throwaway) certificates signed by a demo CA made on the spot, some expiring within 30 days,
 * some expired, some revoked, a few known only from a Sectigo find, and the audit trail of it
 * all, written through appendAudit so the chain verifies.
 *
 * Staff accounts are not seeded here: they belong to lib/auth (password hashing). Audit
 * entries name demo actors by e-mail only. Runs once: a `seed.demo` setting marks it done.
 */
import "server-only";
import { createHash } from "node:crypto";
import { writeTx, type Db, type Tx } from "@/db/client";
import { certificateInputFromInfo, markCertificateRevoked, upsertCertificate } from "@/db/queries/certificates";
import { beginRevocation, completeRevocation } from "@/db/queries/revocations";
import { getSetting, setSetting } from "@/db/queries/settings";
import { eq } from "drizzle-orm";
import { batches, certificates } from "@/db/schema";
import { type BatchKind } from "@/db/enums";
import { toIso } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { SYSTEM_ACTOR, type AuditActor, type AuditEntryInput } from "@/lib/audit/types";
import { parseCertificate } from "@/lib/pki";
import { crypto, x509 } from "@/lib/pki/x509";

const DAY = 86_400_000;
const EC = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGN = { name: "ECDSA", hash: "SHA-256" } as const;

const ops: AuditActor = { id: null, email: "olivia.ops@trisa.example", role: "operator" };
const lead: AuditActor = { id: null, email: "adam.admin@trisa.example", role: "admin" };
const auditor: AuditActor = { id: null, email: "aurora.audit@trisa.example", role: "auditor" };

const PROFILES = [
  { id: 17, name: "CipherTrace EE" },
  { id: 85, name: "CipherTrace End Entity Certificate" },
] as const;

/** Fictitious VASPs. ageDays: when the batch was made; revoke: reason code if revoked later. */
const VASPS: { cn: string; org: string; country: string; ageDays: number; revoke?: number; kind?: BatchKind; extra?: string[] }[] = [
  { cn: "trisa.hyperion-custody.io", org: "Hyperion Custody AG", country: "CH", ageDays: 20 },
  { cn: "gds.northwind-exchange.com", org: "Northwind Exchange Ltd", country: "GB", ageDays: 45 },
  { cn: "trisa.solace-wallet.app", org: "Solace Wallet Inc", country: "US", ageDays: 80, extra: ["api.solace-wallet.app"] },
  { cn: "vasp.kestrel-markets.sg", org: "Kestrel Markets Pte Ltd", country: "SG", ageDays: 130, revoke: 4 },
  { cn: "trisa.meridian-otc.com", org: "Meridian OTC LLC", country: "US", ageDays: 190 },
  { cn: "trisa.aurora-pay.eu", org: "Aurora Pay SE", country: "DE", ageDays: 250, revoke: 1 },
  { cn: "node.bluefin-digital.ca", org: "Bluefin Digital Corp", country: "CA", ageDays: 300 },
  { cn: "trisa.lumen-vault.jp", org: "Lumen Vault KK", country: "JP", ageDays: 338 }, // expires within 30 days; replaced
  { cn: "trisa.tidewater-crypto.au", org: "Tidewater Crypto Pty Ltd", country: "AU", ageDays: 350 }, // expires within 30 days; reissue in flight
  { cn: "trisa.harbor-ledger.nz", org: "Harbor Ledger Ltd", country: "NZ", ageDays: 356 }, // expires within 30 days, no replacement
  { cn: "gds.obsidian-trust.com", org: "Obsidian Trust Co", country: "US", ageDays: 359, revoke: 5 },
  { cn: "trisa.sable-exchange.br", org: "Sable Exchange SA", country: "BR", ageDays: 390 }, // expired
  { cn: "trisa.cobalt-ledger.fr", org: "Cobalt Ledger SAS", country: "FR", ageDays: 420 }, // expired
  { cn: "trisa.quartz-bridge.io", org: "Quartz Bridge Ltd", country: "IE", ageDays: 60, kind: "csr", extra: ["gw.quartz-bridge.io"] },
  { cn: "trisa.fjord-assets.no", org: "Fjord Assets AS", country: "NO", ageDays: 60, kind: "csr" },
  { cn: "trisa.zephyr-pay.mx", org: "Zephyr Pay SA de CV", country: "MX", ageDays: 10, kind: "csr" },
];

/** The Expiry watch's groups (see reissues()): one already replaced, one with its reissue in flight. */
const REPLACED_CN = "trisa.lumen-vault.jp";
const REISSUING_CN = "trisa.tidewater-crypto.au";

/** Certificates the portal knows only from a live Sectigo find (no PEM, no dates). */
const FOUND_ONLY = [
  { serial: "5A1F0C3E9B7D42A18C6E0F2B7D9A4C11", cn: "trisa.legacy-vasp.com", status: "READY_FOR_DOWNLOAD" },
  { serial: "7C2E4A9F1B3D5E6A8C0B2D4F6E8A1C33", cn: "trisa.old-exchange.net", status: "REVOKED" },
];

interface Event {
  at: Date;
  run: (tx: Tx, clockAt: () => Date) => void;
}

/** Queues an audit entry; `key` names an intent, `closes` the intent an outcome closes. */
type AuditFn = (at: Date, entry: AuditEntryInput | (() => AuditEntryInput), key?: string, closes?: string) => void;

function serialHex(seed: string): string {
  // Deterministic, positive, 16 bytes: reruns on an empty database give the same serials.
  const h = createHash("sha256").update(seed).digest();
  h[0] = (h[0] ?? 0) & 0x7f | 0x10;
  return h.subarray(0, 16).toString("hex").toUpperCase();
}

async function demoCa(now: Date) {
  const keys = (await crypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialHex("demo-ca"),
    name: "CN=TRISA Demo Issuing CA (seed data), O=TRISA Demo, C=US",
    notBefore: new Date(now.getTime() - 900 * DAY),
    notAfter: new Date(now.getTime() + 3650 * DAY),
    keys,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { keys, cert, pem: cert.toString("pem") };
}

type Vasp = (typeof VASPS)[number];

/** A leaf for `v`, valid for a year from `created`, with a serial derived from `serialSeed`. */
function leafCertificate(ca: Awaited<ReturnType<typeof demoCa>>, publicKey: CryptoKey, v: Vasp, created: Date, serialSeed: string) {
  return x509.X509CertificateGenerator.create({
    serialNumber: serialHex(serialSeed),
    subject: `CN=${v.cn}, O=${v.org}, C=${v.country}`,
    issuer: ca.cert.subject,
    notBefore: created,
    notAfter: new Date(created.getTime() + 365 * DAY),
    publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([v.cn, ...(v.extra ?? [])].map((value) => ({ type: "dns" as const, value }))),
    ],
  });
}

export interface DemoSeedResult {
  batches: number;
  certificates: number;
  auditEntries: number;
}

/** Seeds the demo dataset once; returns null when it was already there. */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<DemoSeedResult | null> {
  if (getSetting(db, "seed.demo") !== undefined) return null;
  const ca = await demoCa(now);
  const leafKeys = (await crypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;

  // Everything async (signing) first; the writes then go in one synchronous transaction.
  const issued = [];
  for (const [i, v] of VASPS.entries()) {
    const created = new Date(now.getTime() - v.ageDays * DAY);
    const cert = await leafCertificate(ca, leafKeys.publicKey, v, created, v.cn);
    issued.push({ v, created, info: parseCertificate(cert.toString("pem")), profile: PROFILES[i % 2]! });
  }

  const old = issued.find((x) => x.v.cn === REPLACED_CN)!;
  const renewedAt = new Date(now.getTime() - 3 * DAY);
  const renewal = { ...old, created: renewedAt, info: parseCertificate((await leafCertificate(ca, leafKeys.publicKey, old.v, renewedAt, `${old.v.cn} renewal`)).toString("pem")) };

  const events: Event[] = [];
  const counts: DemoSeedResult = { batches: 0, certificates: 0, auditEntries: 0 };
  const intents = new Map<string, number>();
  const batchIds = new Map<string, number>();
  const audit: AuditFn = (at, entry, key, closes) =>
    events.push({
      at,
      run: (tx, clock) => {
        const input = typeof entry === "function" ? entry() : entry;
        const seq = appendAudit(tx, { ...input, intentSeq: closes ? intents.get(closes) : undefined }, { clock }).seq;
        if (key) intents.set(key, seq);
        counts.auditEntries++;
      },
    });

  // batch names number the batches in the order they were made
  const rank = new Map([...issued].sort((a, b) => a.created.getTime() - b.created.getTime()).map((x, i) => [x.v.cn, i + 1]));
  for (const [i, { v, created, info, profile }] of issued.entries()) {
    const batchName = `trisa.directory-certreq-demo-${String(rank.get(v.cn) ?? i + 1).padStart(3, "0")}`;
    const sectigoBatchId = 20000 + (rank.get(v.cn) ?? i);
    const action = `batch.${v.kind === "csr" ? "upload" : "create"}`;
    // Audit targets name the local batch id (known before Sectigo is called); details carry Sectigo's.
    const target = () => ({ type: "batch", id: batchIds.get(batchName) ?? 0 });
    events.push({
      at: new Date(created.getTime() - 61_000),
      run: (tx, clock) => {
        const row = tx
          .insert(batches)
          .values({
            sectigoBatchId,
            kind: v.kind ?? "single",
            authorityId: 423,
            profileId: profile.id,
            profileName: profile.name,
            batchName,
            commonName: v.kind === "csr" ? null : v.cn,
            dnsNames: [v.cn, ...(v.extra ?? [])].join("\n"),
            status: "READY_FOR_DOWNLOAD",
            state: "indexed",
            size: 1,
            active: 0,
            success: 1,
            failed: 0,
            createdAt: toIso(clock()),
            updatedAt: toIso(created.getTime() + 300_000),
            lastCheckedAt: toIso(created.getTime() + 240_000),
            downloadedAt: toIso(created.getTime() + 240_000),
            indexedAt: toIso(created.getTime() + 300_000),
          })
          .returning()
          .get();
        batchIds.set(batchName, row.id);
        counts.batches++;
      },
    });
    audit(new Date(created.getTime() - 60_000), () => ({ actor: ops, action, outcome: "requested", target: target(), details: { batchName, profileId: profile.id, commonName: v.cn } }), `b${i}`);
    audit(new Date(created.getTime() - 58_000), () => ({ actor: ops, action, outcome: "succeeded", target: target(), details: { sectigoBatchId, status: "PROCESSING" } }), undefined, `b${i}`);
    audit(new Date(created.getTime() + 240_000), () => ({ actor: SYSTEM_ACTOR, action: "batch.download", outcome: "succeeded", target: target(), details: { sectigoBatchId, certificates: 1 } }));
    events.push({
      at: new Date(created.getTime() + 300_000),
      run: (tx, clock) => {
        upsertCertificate(
          tx,
          certificateInputFromInfo(info, { source: "batch", batchId: batchIds.get(batchName) ?? null, profileId: profile.id, profileName: profile.name, chainPem: ca.pem, sectigoStatus: null }),
          clock,
        );
        counts.certificates++;
      },
    });
    if (v.revoke !== undefined) {
      const at = new Date(created.getTime() + 40 * DAY);
      audit(at, { actor: ops, action: "certificate.revoke", outcome: "requested", target: { type: "certificate", id: info.serial }, details: { reasonCode: v.revoke, profileId: profile.id } }, `r${i}`);
      events.push({
        at: new Date(at.getTime() + 500),
        run: (tx, clock) => {
          const reasonCode = v.revoke ?? 0;
          const rev = beginRevocation(tx, { serial: info.serial, reasonCode, requestedBy: null }, clock);
          completeRevocation(tx, rev.id, { outcome: "succeeded" }, clock);
          markCertificateRevoked(tx, info.serial, { at: clock(), reasonCode, by: null });
        },
      });
      audit(new Date(at.getTime() + 900), { actor: ops, action: "certificate.revoke", outcome: "succeeded", target: { type: "certificate", id: info.serial }, details: { reasonCode: v.revoke } }, undefined, `r${i}`);
    }
  }
  for (const [i, f] of FOUND_ONLY.entries()) {
    const at = new Date(now.getTime() - (5 + i) * DAY);
    audit(at, { actor: ops, action: "certificate.find", outcome: "succeeded", target: { type: "certificate", id: f.serial }, details: { totalCount: 1 } });
    events.push({
      at: new Date(at.getTime() + 100),
      run: (tx, clock) => {
        upsertCertificate(tx, { serial: f.serial, commonName: f.cn, source: "find", sectigoStatus: f.status, status: f.status === "REVOKED" ? "revoked" : "valid" }, clock);
        counts.certificates++;
      },
    });
  }
  for (let d = 1; d <= 12; d++) {
    const at = new Date(now.getTime() - d * 7 * DAY + 9 * 3_600_000);
    audit(at, { actor: [ops, lead, auditor][d % 3]!, action: "auth.login", outcome: "succeeded", ip: "192.0.2.10" });
    if (d % 4 === 0) audit(new Date(at.getTime() - 30_000), { actor: { id: null, email: "olivia.ops@trisa.example", role: null }, action: "auth.login", outcome: "failed", ip: "198.51.100.7", details: { reason: "wrong password" } });
  }

  rejectedBatch(now, audit, events, counts);
  reissues(now, { replaced: old.info.serial, renewal, reissuing: issued.find((x) => x.v.cn === REISSUING_CN)!.info.serial, chainPem: ca.pem }, audit, events, counts);

  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  writeTx(db, (tx) => {
    for (const e of events) e.run(tx, () => e.at);
    setSetting(tx, "seed.demo", { at: toIso(now) }, null);
  });
  return counts;
}

/** A CSR batch Sectigo turned down: final, so the batch poller has nothing to chase. */
function rejectedBatch(now: Date, audit: AuditFn, events: Event[], counts: DemoSeedResult): void {
  const at = new Date(now.getTime() - 3 * DAY);
  const rejectReason = "CSR subject is missing the organization (O)";
  let id = 0;
  events.push({
    at: new Date(at.getTime() - 500),
    run: (tx, clock) => {
      id = tx
        .insert(batches)
        .values({
          sectigoBatchId: 20999,
          kind: "csr",
          authorityId: 423,
          profileId: 17,
          profileName: "CipherTrace EE",
          batchName: "trisa.directory-csr-demo-rejected",
          status: "NOT_ACCEPTABLE",
          state: "rejected",
          rejectReason,
          size: 1,
          active: 0,
          success: 0,
          failed: 1,
          createdAt: toIso(clock()),
          updatedAt: toIso(at.getTime() + 120_000),
          lastCheckedAt: toIso(at.getTime() + 120_000),
        })
        .returning()
        .get().id;
      counts.batches++;
    },
  });
  const target = () => ({ type: "batch", id });
  audit(at, () => ({ actor: ops, action: "batch.upload", outcome: "requested", target: target(), details: { batchName: "trisa.directory-csr-demo-rejected", profileId: 17, csrCount: 1 } }), "rejected");
  audit(new Date(at.getTime() + 900), () => ({ actor: ops, action: "batch.upload", outcome: "succeeded", target: target(), details: { sectigoBatchId: 20999, status: "PROCESSING" } }), undefined, "rejected");
  audit(new Date(at.getTime() + 120_000), () => ({ actor: SYSTEM_ACTOR, action: "batch.check", outcome: "info", target: target(), details: { state: "rejected", rejectReason } }));
}

interface ReissueSeed {
  /** the certificate already replaced (still valid) */
  replaced: string;
  renewal: { v: Vasp; created: Date; info: ReturnType<typeof parseCertificate>; profile: (typeof PROFILES)[number] };
  /** the certificate whose reissue Sectigo is still processing */
  reissuing: string;
  chainPem: string;
}

/**
 * Reissues, so the Expiry watch shows every group at once: a renewal batch issued and indexed
 * (its certificate replaces the old one, which waits to be revoked as superseded), and a
 * reissue batch still processing at Sectigo. The expired demo certificates are overdue and
 * Harbor Ledger has no replacement yet.
 */
function reissues(now: Date, seed: ReissueSeed, audit: AuditFn, events: Event[], counts: DemoSeedResult): void {
  const { renewal } = seed;
  const batch = (at: Date, values: { sectigoBatchId: number; batchName: string; dnsNames: string[]; reissueOfSerial: string; state: "indexed" | "processing"; done: boolean }) => {
    let id = 0;
    events.push({
      at: new Date(at.getTime() - 500),
      run: (tx, clock) => {
        id = tx
          .insert(batches)
          .values({
            sectigoBatchId: values.sectigoBatchId,
            kind: "single",
            authorityId: 423,
            profileId: renewal.profile.id,
            profileName: renewal.profile.name,
            batchName: values.batchName,
            commonName: values.dnsNames[0],
            dnsNames: values.dnsNames.join("\n"),
            status: values.done ? "READY_FOR_DOWNLOAD" : "PROCESSING",
            state: values.state,
            size: 1,
            active: values.done ? 0 : 1,
            success: values.done ? 1 : 0,
            failed: 0,
            createdAt: toIso(clock()),
            updatedAt: toIso(at.getTime() + 300_000),
            lastCheckedAt: toIso(at.getTime() + 240_000),
            ...(values.done ? { downloadedAt: toIso(at.getTime() + 240_000), indexedAt: toIso(at.getTime() + 300_000) } : {}),
            reissueOfSerial: values.reissueOfSerial,
          })
          .returning()
          .get().id;
        counts.batches++;
      },
    });
    const target = () => ({ type: "batch", id });
    audit(at, () => ({ actor: ops, action: "batch.create", outcome: "requested", target: target(), details: { batchName: values.batchName, profileId: renewal.profile.id, reissueOf: values.reissueOfSerial } }), values.batchName);
    audit(new Date(at.getTime() + 900), () => ({ actor: ops, action: "batch.create", outcome: "succeeded", target: target(), details: { sectigoBatchId: values.sectigoBatchId, status: "PROCESSING" } }), undefined, values.batchName);
    return () => id;
  };

  const renewalBatch = batch(renewal.created, { sectigoBatchId: 21001, batchName: "trisa.directory-renewal-demo-001", dnsNames: [renewal.v.cn, ...(renewal.v.extra ?? [])], reissueOfSerial: seed.replaced, state: "indexed", done: true });
  audit(new Date(renewal.created.getTime() + 240_000), () => ({ actor: SYSTEM_ACTOR, action: "batch.download", outcome: "succeeded", target: { type: "batch", id: renewalBatch() }, details: { sectigoBatchId: 21001, certificates: 1 } }));
  events.push({
    at: new Date(renewal.created.getTime() + 300_000),
    run: (tx, clock) => {
      const input = certificateInputFromInfo(renewal.info, { source: "batch", batchId: renewalBatch(), profileId: renewal.profile.id, profileName: renewal.profile.name, chainPem: seed.chainPem, sectigoStatus: null });
      upsertCertificate(tx, input, clock);
      tx.update(certificates).set({ replacesSerial: seed.replaced }).where(eq(certificates.serial, renewal.info.serial)).run();
      counts.certificates++;
    },
  });
  // Processing at Sectigo: the poller checks it and, not finding it there, keeps it in flight with an error to show.
  batch(new Date(now.getTime() - DAY), { sectigoBatchId: 21002, batchName: "trisa.directory-reissue-demo-002", dnsNames: [REISSUING_CN], reissueOfSerial: seed.reissuing, state: "processing", done: false });
}
