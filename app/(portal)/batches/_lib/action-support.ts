/**
 * Helpers the batches actions share: the domain's ActorContext from defineAction's context,
 * and the domain's field errors as data a form can show beside each field.
 */
import "server-only";
import type { ActionContext } from "@/lib/actions/define-action";
import { sectigoConnection } from "@/lib/connection";
import type { ActorContext } from "@/lib/domain";

export async function connectionContext(context: ActionContext): Promise<ActorContext> {
  const { client } = await sectigoConnection();
  return { db: context.db, client, actor: context.actor, ip: context.ip };
}

export interface FieldProblems {
  message: string;
  fieldErrors: Record<string, string[]>;
}

/** An INVALID_INPUT error that names its fields (lib/issuance's InvalidInputError), else null. */
export function fieldProblems(err: unknown): FieldProblems | null {
  if (typeof err !== "object" || err === null) return null;
  const e = err as { code?: unknown; userMessage?: unknown; fieldErrors?: unknown };
  if (e.code !== "INVALID_INPUT" || typeof e.userMessage !== "string") return null;
  if (typeof e.fieldErrors !== "object" || e.fieldErrors === null) return null;
  const fieldErrors: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(e.fieldErrors as Record<string, unknown>)) {
    if (Array.isArray(messages)) {
      const texts = messages.filter((m): m is string => typeof m === "string");
      if (texts.length > 0) fieldErrors[field] = texts;
    }
  }
  return { message: e.userMessage, fieldErrors };
}
