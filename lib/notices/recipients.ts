/**
 * Who receives the expiry digest by e-mail: a list of addresses an administrator keeps on the
 * Settings page (settings key `notices.recipients`). Each gets one digest per run.
 *
 * An address must be a plain mailbox (RFC 5321 §4.1.2: a dot-atom local part, a domain with at
 * least one dot), no display name: what is stored goes into an SMTP RCPT command as it is.
 */
import "server-only";
import type { Db, Tx } from "@/db/client";
import { getSetting } from "@/db/queries/settings";

export const RECIPIENTS_KEY = "notices.recipients";
export const MAX_RECIPIENTS = 50;

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const MAILBOX = new RegExp(`^[A-Za-z0-9!#$%&'*+/=?^_\`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_\`{|}~-]+)*@${LABEL}(?:\\.${LABEL})+$`);

export interface RecipientList {
  recipients: string[];
  /** one sentence per address that is not one, naming it */
  problems: string[];
}

/** Addresses separated by commas, semicolons, spaces or new lines; lower-cased, each once. */
export function parseRecipientList(text: string): RecipientList {
  const recipients: string[] = [];
  const problems: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const address = raw.trim().toLowerCase();
    if (address === "") continue;
    const shown = address.length > 80 ? `${address.slice(0, 80)}…` : address;
    if (address.length > 254 || address.split("@")[0]!.length > 64 || !MAILBOX.test(address)) {
      problems.push(`“${shown}” is not an e-mail address such as security@example.org.`);
    } else if (!recipients.includes(address)) {
      recipients.push(address);
    }
  }
  if (recipients.length > MAX_RECIPIENTS) problems.push(`At most ${MAX_RECIPIENTS} addresses; use a mailing list for more.`);
  return { recipients, problems };
}

/** The saved recipients; a damaged value counts as none rather than stopping the notices. */
export function noticeRecipients(db: Db | Tx): string[] {
  const saved = getSetting<unknown>(db, RECIPIENTS_KEY);
  if (!Array.isArray(saved)) return [];
  return parseRecipientList(saved.filter((v): v is string => typeof v === "string").join("\n")).recipients.slice(0, MAX_RECIPIENTS);
}
