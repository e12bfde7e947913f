/**
 * What every mutating domain function takes: who acts, on which database, through
 * which Sectigo client. Pages build it inside a server action (defineAction gives db, actor
 * and ip; the client comes from `(await sectigoConnection()).client`).
 */
import "server-only";
import type { Db } from "@/db/client";
import type { AuditActor } from "@/lib/audit/types";
import type { SectigoClient } from "@/lib/sectigo/client";

export interface ActorContext {
  db: Db;
  client: SectigoClient;
  actor: AuditActor;
  ip?: string | null;
}
