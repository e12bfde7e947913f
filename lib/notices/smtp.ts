/**
 * Sending a digest by SMTP with nodemailer. Every network step has a time limit, so a mail
 * server that never answers costs one attempt, not the job. The answer kept is the server's
 * reply ("451 4.3.0 try later") or the network error, with the password cut out.
 */
import "server-only";
import nodemailer from "nodemailer";
import { shortAnswer, type AttemptOutcome } from "@/lib/notices/attempt";
import { withoutSecrets, type NoticeChannels, type SmtpConfig } from "@/lib/notices/config";
import { digestHtml, digestText, type Digest } from "@/lib/notices/digest";

export const SMTP_TIMEOUT_MS = 15_000;

function transportOptions(smtp: SmtpConfig) {
  const url = new URL(smtp.url);
  const user = decodeURIComponent(url.username);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: Number(url.port) || (smtp.implicitTls ? 465 : 587),
    secure: smtp.implicitTls,
    auth: user ? { user, pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    dnsTimeout: SMTP_TIMEOUT_MS,
    logger: false,
    debug: false,
  };
}

interface SmtpError {
  response?: unknown;
  responseCode?: unknown;
  code?: unknown;
  message?: unknown;
}

export async function sendDigestMail(channels: NoticeChannels, to: string, digest: Digest): Promise<AttemptOutcome> {
  const smtp = channels.smtp;
  if (!smtp) return { delivered: false, answer: "SMTP_URL is no longer set: e-mail cannot be sent", permanent: true };
  const transport = nodemailer.createTransport(transportOptions(smtp));
  try {
    const info = await transport.sendMail({ from: smtp.from, to, subject: digest.subject, text: digestText(digest), html: digestHtml(digest) });
    return { delivered: true, answer: shortAnswer(withoutSecrets(String(info.response ?? "250 accepted"), channels)) };
  } catch (err) {
    const e = (err ?? {}) as SmtpError;
    const code = typeof e.responseCode === "number" ? e.responseCode : null;
    const text = typeof e.response === "string" && e.response ? e.response : `${typeof e.code === "string" ? `${e.code}: ` : ""}${typeof e.message === "string" ? e.message : "the mail server did not answer"}`;
    // A 5xx to the message is final (RFC 5321 §4.2.1); a refused login (EAUTH) is the
    // portal's configuration, which an operator fixes while the retries wait.
    const permanent = code !== null && code >= 500 && code < 600 && e.code !== "EAUTH";
    return { delivered: false, answer: shortAnswer(withoutSecrets(text, channels)), permanent };
  } finally {
    transport.close();
  }
}
