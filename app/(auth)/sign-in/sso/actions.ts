"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { rateLimiter } from "@/lib/keys/rate-limit";
import { discoverSso } from "@/lib/security/sso-discovery";
import { clientIp } from "@/lib/core/request";

const input = z.object({ identifier: z.string().max(320), callbackUrl: z.string().max(2000).optional() });

export type SsoDiscoveryState = {
  error?: string;
  identifier?: string;
  /** one connection: the browser goes there (a full navigation, since the start route redirects to the IdP) */
  redirectTo?: string;
  /** several connections: the person picks one */
  choices?: { organizationName: string; options: { name: string; protocol: string; href: string }[] };
};

const LOOKUPS_PER_IP_PER_MINUTE = 30;

const startPath = (connectionId: string, returnTo: string | undefined) =>
  `/sso/${encodeURIComponent(connectionId)}/start${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ""}`;

/** Work email or organization slug → its enabled connection(s) → the IdP (through /sso/{id}/start). */
export async function findSsoConnection(_prev: SsoDiscoveryState, form: FormData): Promise<SsoDiscoveryState> {
  const parsed = input.safeParse({ identifier: form.get("identifier") ?? "", callbackUrl: form.get("callbackUrl") || undefined });
  if (!parsed.success) return { error: "Enter your work email or your organization's URL name." };
  const { identifier } = parsed.data;
  const ip = clientIp(await headers());
  if (ip && !(await rateLimiter().hit(`sso-discovery:ip:${ip}`, LOOKUPS_PER_IP_PER_MINUTE, Date.now())).allowed) {
    return { error: "Too many attempts. Try again in a minute.", identifier };
  }
  const callbackUrl = parsed.data.callbackUrl;
  const returnTo = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : undefined;
  const found = await discoverSso(await getDb(), identifier);
  if (!found.ok) return { error: found.message, identifier };
  if (found.connections.length === 1) return { identifier, redirectTo: startPath(found.connections[0]!.id, returnTo) };
  return {
    identifier,
    choices: {
      organizationName: found.organization.name,
      options: found.connections.map((c) => ({ name: c.name, protocol: c.protocol.toUpperCase(), href: startPath(c.id, returnTo) })),
    },
  };
}
