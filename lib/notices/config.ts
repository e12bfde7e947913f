/**
 * Where notices go, from the configuration (lib/env.ts): e-mail when SMTP_URL and NOTIFY_FROM
 * are set (to the recipients on Settings), a signed webhook when NOTIFY_WEBHOOK_URL and its
 * secret are set. The description shown on the e-mail log names the mail server and the
 * webhook's origin only: never the SMTP user, password or the webhook's path and secret.
 */
import "server-only";
import type { PortalEnv } from "@/lib/env";

export interface SmtpConfig {
  url: string;
  from: string;
  /** host:port as people may see it */
  server: string;
  /** TLS from the first byte (smtps://) rather than STARTTLS */
  implicitTls: boolean;
  /** the password as written and decoded, to strip from any answer before it is stored */
  secrets: string[];
}

export interface WebhookConfig {
  url: string;
  secret: string;
  /** scheme://host:port, the delivery's recipient in the log */
  origin: string;
}

export interface NoticeChannels {
  smtp: SmtpConfig | null;
  webhook: WebhookConfig | null;
}

type NoticeEnv = Pick<PortalEnv, "SMTP_URL" | "NOTIFY_FROM" | "NOTIFY_WEBHOOK_URL" | "NOTIFY_WEBHOOK_SECRET">;

export function noticeChannels(config: NoticeEnv): NoticeChannels {
  let smtp: SmtpConfig | null = null;
  if (config.SMTP_URL && config.NOTIFY_FROM) {
    const url = new URL(config.SMTP_URL);
    const implicitTls = url.protocol === "smtps:";
    const secrets = [url.password, decodeURIComponent(url.password)].filter((s) => s.length > 0);
    smtp = { url: config.SMTP_URL, from: config.NOTIFY_FROM, server: `${url.hostname}:${url.port || (implicitTls ? "465" : "587")}`, implicitTls, secrets };
  }
  const webhook =
    config.NOTIFY_WEBHOOK_URL && config.NOTIFY_WEBHOOK_SECRET
      ? { url: config.NOTIFY_WEBHOOK_URL, secret: config.NOTIFY_WEBHOOK_SECRET, origin: new URL(config.NOTIFY_WEBHOOK_URL).origin }
      : null;
  return { smtp, webhook };
}

/** `text` with every configured secret cut out: a server's answer or a socket error may echo them. */
export function withoutSecrets(text: string, channels: NoticeChannels): string {
  const secrets = [...(channels.smtp?.secrets ?? []), ...(channels.webhook ? [channels.webhook.secret] : [])];
  let out = text;
  for (const s of secrets) out = out.split(s).join("[redacted]");
  return out.replace(/\b(smtps?:\/\/)[^\s/@]*@/gi, "$1[redacted]@");
}
