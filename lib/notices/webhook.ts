/**
 * The webhook: a JSON POST of the digest, signed so the receiver can tell it came from this
 * portal. The signature is HMAC-SHA256, keyed with NOTIFY_WEBHOOK_SECRET, over the exact bytes
 * of the body; the body carries `sentAt`, repeated in X-Portal-Timestamp, so a receiver can
 * refuse an old message replayed. Headers:
 *   X-Portal-Signature: sha256=<hex>
 *   X-Portal-Timestamp: <sentAt, ISO 8601>
 *   X-Portal-Delivery: <the delivery's id, the same on every retry>
 * Any 2xx is delivered; anything else, or no answer within WEBHOOK_TIMEOUT_MS, is retried.
 */
import "server-only";
import { createHmac } from "node:crypto";
import { shortAnswer, type AttemptOutcome } from "@/lib/notices/attempt";
import { withoutSecrets, type NoticeChannels } from "@/lib/notices/config";
import { webhookBody, type Digest } from "@/lib/notices/digest";

export const WEBHOOK_TIMEOUT_MS = 10_000;

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

export async function postDigest(channels: NoticeChannels, deliveryId: number, digest: Digest, sentAt: Date): Promise<AttemptOutcome> {
  const hook = channels.webhook;
  if (!hook) return { delivered: false, answer: "NOTIFY_WEBHOOK_URL is no longer set: the webhook cannot be called", permanent: true };
  const body = webhookBody(digest, deliveryId, sentAt);
  try {
    const res = await fetch(hook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "trisa-ca-portal",
        "x-portal-signature": signBody(body, hook.secret),
        "x-portal-timestamp": sentAt.toISOString(),
        "x-portal-delivery": String(deliveryId),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => undefined);
    const answer = shortAnswer(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`);
    return { delivered: res.status >= 200 && res.status < 300, answer };
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const text =
      e.name === "TimeoutError"
        ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} seconds`
        : `${e.cause?.code ? `${e.cause.code}: ` : ""}${e.cause?.message ?? e.message ?? "the request failed"}`;
    return { delivered: false, answer: shortAnswer(withoutSecrets(text, channels)) };
  }
}
