"use client";
// The browser's half of a passkey ceremony: ask the server for options (a challenge it
// stored), let the browser and the authenticator answer (user verification required), and
// hand the answer to the server, which decides. Nothing here is trusted by the server.
import { browserSupportsWebAuthn, startAuthentication, startRegistration, type WebAuthnError } from "@simplewebauthn/browser";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";

export type PasskeyOutcome<T> = { ok: true; data: T } | { ok: false; message: string; code?: string };

type Step<T> = () => Promise<PasskeyOutcome<T>>;

/** What a person is told when the browser side stops, in words they can act on. */
function browserMessage(err: unknown): string {
  // WebAuthnError (@simplewebauthn/browser) names the failure in `code`; plain DOMExceptions in `name`.
  const code = (err as Partial<WebAuthnError> | null)?.code;
  const name = (err as { name?: string } | null)?.name;
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") return "This device already holds a passkey for your account.";
  if (code === "ERROR_INVALID_DOMAIN" || code === "ERROR_INVALID_RP_ID" || name === "SecurityError") {
    return "Passkeys work only at the portal's own address, over https or at http://localhost (not at an IP address such as 127.0.0.1).";
  }
  if (name === "NotAllowedError") return "The passkey request was cancelled or timed out. Try again when you are ready.";
  return "Your browser could not use a passkey here. Try again, or use another way.";
}

async function ceremony<O, T>(getOptions: Step<O>, perform: (options: O) => Promise<string>, submit: (answer: string) => Promise<PasskeyOutcome<T>>): Promise<PasskeyOutcome<T>> {
  if (!browserSupportsWebAuthn()) return { ok: false, message: "This browser cannot use passkeys. Use another way, or another browser." };
  const options = await getOptions();
  if (!options.ok) return options;
  let answer: string;
  try {
    answer = await perform(options.data);
  } catch (err) {
    return { ok: false, message: browserMessage(err) };
  }
  return submit(answer);
}

/** Signs with an existing passkey (sign-in, the second step, step-up). */
export function answerWithPasskey<T>(getOptions: Step<PublicKeyCredentialRequestOptionsJSON>, submit: (answer: string) => Promise<PasskeyOutcome<T>>) {
  return ceremony(getOptions, async (optionsJSON) => JSON.stringify(await startAuthentication({ optionsJSON })), submit);
}

/** Makes a new passkey on this device and hands it to the server. */
export function createPasskey<T>(getOptions: Step<PublicKeyCredentialCreationOptionsJSON>, submit: (answer: string) => Promise<PasskeyOutcome<T>>) {
  return ceremony(getOptions, async (optionsJSON) => JSON.stringify(await startRegistration({ optionsJSON })), submit);
}
