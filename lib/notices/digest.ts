/**
 * The digest: one message listing each certificate that crossed a threshold, once, soonest
 * expiry first. The same facts go to every channel — e-mail (text and HTML), the webhook's
 * JSON and the log page — and are all public facts about certificates: no secret is in it.
 * A message lists at most MAX_LISTED certificates (the soonest); beyond that it gives the
 * count and points to the portal, so a first run over a large inventory stays a readable mail.
 */
import type { Crossing } from "@/db/queries/notices";
import { escapeHtml } from "@/lib/html";
import { daysLeft } from "@/lib/notices/thresholds";

export interface DigestItem {
  serial: string;
  commonName: string;
  notAfter: string;
  thresholdDays: number;
  /** the certificate's page, when the portal knows its public URL (AUTH_URL) */
  url: string | null;
}

export interface Digest {
  subject: string;
  createdAt: string;
  items: DigestItem[];
  /** certificates notified in this run beyond those listed */
  unlisted: number;
  /** the portal's certificate search for what expires soon, when AUTH_URL is known */
  searchUrl: string | null;
}

export const MAX_LISTED = 500;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "TRISA certificates expiring: 3 within 7 days", naming the widest threshold reached and, if different, the tightest. */
export function digestSubject(items: readonly Pick<DigestItem, "thresholdDays">[]): string {
  const widest = items.reduce((m, i) => Math.max(m, i.thresholdDays), 0);
  const tightest = items.reduce((m, i) => Math.min(m, i.thresholdDays), widest);
  const urgent = items.filter((i) => i.thresholdDays === tightest).length;
  const head = `TRISA certificates expiring: ${items.length} within ${plural(widest, "day", "days")}`;
  return tightest === widest ? head : `${head} (${urgent} within ${plural(tightest, "day", "days")})`;
}

export function buildDigest(crossings: readonly Crossing[], createdAt: Date, portalUrl: string | undefined, maxListed = MAX_LISTED): Digest {
  const base = portalUrl?.replace(/\/+$/, "");
  const all = [...crossings]
    .sort((a, b) => a.notAfter.localeCompare(b.notAfter) || a.serial.localeCompare(b.serial))
    .map((c) => ({
      serial: c.serial,
      commonName: c.commonName,
      notAfter: c.notAfter,
      thresholdDays: c.thresholdDays,
      url: base ? `${base}/certificates/${encodeURIComponent(c.serial)}` : null,
    }));
  const items = all.slice(0, maxListed);
  return {
    subject: digestSubject(all),
    createdAt: createdAt.toISOString(),
    items,
    unlisted: all.length - items.length,
    searchUrl: base ? `${base}/certificates?status=expiring` : null,
  };
}

function unlistedText(digest: Digest): string | null {
  if (digest.unlisted === 0) return null;
  return `…and ${plural(digest.unlisted, "more certificate", "more certificates")} in this notice, not listed here: see the certificates expiring within 30 days in the CA Portal${digest.searchUrl ? ` (${digest.searchUrl})` : ""}.`;
}

function line(item: DigestItem, now: Date): string {
  const left = daysLeft(new Date(item.notAfter), now);
  const when = `${item.notAfter.slice(0, 16).replace("T", " ")} UTC`;
  return `- ${item.commonName}\n  serial ${item.serial}\n  expires ${when} (${plural(left, "day", "days")} left; ${plural(item.thresholdDays, "day", "days")} notice)${item.url ? `\n  ${item.url}` : ""}`;
}

export function digestText(digest: Digest): string {
  const now = new Date(digest.createdAt);
  return [
    "These TRISA certificates expire soon and have no replacement yet. A VASP whose certificate expires drops off the TRISA network: reissue each one from its page in the CA Portal.",
    "",
    ...digest.items.map((i) => line(i, now)),
    ...(unlistedText(digest) ? ["", unlistedText(digest)!] : []),
    "",
    "Each certificate is listed once per notice (30, 14, 7 and 1 days before expiry) until it is replaced.",
  ].join("\n");
}

export function digestHtml(digest: Digest): string {
  const now = new Date(digest.createdAt);
  const rows = digest.items
    .map((i) => {
      const name = i.url ? `<a href="${escapeHtml(i.url)}">${escapeHtml(i.commonName)}</a>` : escapeHtml(i.commonName);
      const left = plural(daysLeft(new Date(i.notAfter), now), "day", "days");
      return `<tr><td>${name}</td><td><code>${escapeHtml(i.serial)}</code></td><td>${escapeHtml(i.notAfter.slice(0, 16).replace("T", " "))} UTC</td><td>${left}</td><td>${i.thresholdDays}</td></tr>`;
    })
    .join("\n");
  return `<!doctype html><html><body style="font-family:sans-serif">
<p>These TRISA certificates expire soon and have no replacement yet. A VASP whose certificate expires drops off the TRISA network: reissue each one from its page in the CA Portal.</p>
<table border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse">
<thead><tr><th>Common name</th><th>Serial</th><th>Expires</th><th>Left</th><th>Notice (days)</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${unlistedText(digest) ? `<p>${escapeHtml(unlistedText(digest)!)}</p>\n` : ""}<p>Each certificate is listed once per notice (30, 14, 7 and 1 days before expiry) until it is replaced.</p>
</body></html>`;
}

/** The webhook's body: the digest as data, with the attempt's time (it is signed with it). */
export function webhookBody(digest: Digest, deliveryId: number, sentAt: Date): string {
  return JSON.stringify({
    type: "trisa.certificates.expiring",
    delivery: deliveryId,
    sentAt: sentAt.toISOString(),
    subject: digest.subject,
    certificates: digest.items.map((i) => ({ ...i, daysLeft: daysLeft(new Date(i.notAfter), sentAt) })),
    unlisted: digest.unlisted,
  });
}
