import type { UsageParams } from "@/lib/query-keys";
import type { UsageBucket } from "@/lib/usage/query";

/** GET /api/v1/usage with the session cookie, for the organization of the page. */
export async function fetchUsage(organizationId: string, params: UsageParams): Promise<UsageBucket[]> {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  const res = await fetch(`/api/v1/usage?${query}`, { headers: { "AnyInt-Organization": organizationId }, credentials: "same-origin" });
  const body = (await res.json().catch(() => null)) as { data?: UsageBucket[]; error?: { message: string } } | null;
  if (!res.ok || !body?.data) throw new Error(body?.error?.message ?? `The usage could not be loaded (HTTP ${res.status}).`);
  return body.data;
}
