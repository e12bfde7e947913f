/**
 * The read-only account endpoints: authorities (C), balance (D, a bare integer), licences
 * (K), profiles (L, M, N) and organization (O).
 */
import "server-only";
import { findProfile, PROFILES, profileParameters } from "@/lib/sectigo/profiles";
import { AUTHORITIES, authorityView, findAuthority, LICENSES_ORDERED, organizationView, profileDetail, profileSummary } from "../catalog";
import { notFound } from "../errors";
import { parseId, sendJson } from "../http";
import type { HandlerContext } from "../router";

export function authorities({ core, res }: HandlerContext): void {
  const balances = core.store.state.balances;
  sendJson(res, 200, AUTHORITIES.map((a) => authorityView(a, balances[String(a.id)] ?? 0)));
}

export function balanceAvailable({ core, res, params }: HandlerContext): void {
  const id = parseId(params.authorityId, "authority");
  const authority = findAuthority(id);
  if (!authority) throw notFound(`No authority with id ${id}; see GET /api/v1/authorities/allowed.`);
  sendJson(res, 200, core.store.state.balances[String(id)] ?? 0);
}

export function devices({ core, res }: HandlerContext): void {
  sendJson(res, 200, { ordered: LICENSES_ORDERED, issued: core.store.state.issuedCount });
}

export function profiles({ res }: HandlerContext): void {
  sendJson(res, 200, PROFILES.map(profileSummary));
}

function profileFrom(params: Record<string, string>) {
  const id = parseId(params.profileId, "profile");
  const profile = findProfile(id);
  if (!profile) throw notFound(`No profile with id ${id}; see GET /api/v1/profiles.`);
  return profile;
}

export function profile({ res, params }: HandlerContext): void {
  sendJson(res, 200, profileDetail(profileFrom(params)));
}

export function profileParams({ res, params }: HandlerContext): void {
  sendJson(res, 200, profileParameters(profileFrom(params)));
}

export function organization({ core, res }: HandlerContext): void {
  sendJson(res, 200, organizationView(core.store.state.balances));
}
