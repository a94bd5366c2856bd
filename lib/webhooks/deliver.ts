import { describeError } from "@/lib/core/log-error";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { open } from "@/lib/crypto/secret-box";
import { retrySchedule } from "@/lib/email/queue";
import { newId } from "@/lib/core/ids";
import { disableFailingEndpoint, FAILING_LIMIT_MS } from "./disable";
import { postWebhook, type PostResult } from "./http";
import { signedHeaders } from "./signing";

/**
 * A claimed delivery's lease: short, and renewed every few seconds while its attempt runs, so a
 * lease still held is work in progress, and the leases of a worker that died (which count
 * against the endpoint's in-flight cap) expire within seconds of the crash.
 */
export const LEASE_SECONDS = 10;
const RENEW_EVERY_MS = 3_000;

export type ClaimedDelivery = {
  id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
  /** the lease as text, exactly as stored (drivers read timestamps differently); moves on when renewed */
  lease: string;
  url: string;
  secret: string;
  /** the secret before the last rotation, while it still signs */
  previous_secret: string | null;
  payload: { id: string; type: string; timestamp: string; organizationId: string; data: unknown };
};

/**
 * Leases up to `limit` due deliveries of enabled endpoints, at most `perEndpoint` in flight
 * per endpoint (counting leases other workers hold), with FOR UPDATE SKIP LOCKED so two
 * workers never take the same one.
 */
export async function claimDueDeliveries(db: Db, limit: number, perEndpoint: number): Promise<ClaimedDelivery[]> {
  return rowsOf<ClaimedDelivery>(
    await db.execute(sql`
      with candidates as (
        select c.id from webhook_endpoints e
        cross join lateral (
          select count(*) as n from webhook_deliveries b
          where b.endpoint_id = e.id and b.status = 'pending' and b.locked_until > now()
        ) busy
        cross join lateral (
          select d.id, d.next_attempt_at from webhook_deliveries d
          where d.endpoint_id = e.id and d.status = 'pending' and d.next_attempt_at <= now()
            and (d.locked_until is null or d.locked_until <= now())
          order by d.next_attempt_at limit greatest(${perEndpoint} - busy.n, 0)
        ) c
        where e.enabled
        order by c.next_attempt_at limit ${limit}
      ), claimed as (
        select d.id from webhook_deliveries d
        where d.id in (select id from candidates) and d.status = 'pending' and (d.locked_until is null or d.locked_until <= now())
        for update of d skip locked
      )
      update webhook_deliveries d set locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
      from claimed, webhook_endpoints e, outbox_events ev
      where d.id = claimed.id and e.id = d.endpoint_id and ev.id = d.event_id
      returning d.id, d.endpoint_id, d.event_id, d.attempts, d.locked_until::text as lease, e.url, e.secret,
        case when e.previous_secret_expires_at > now() then e.previous_secret end as previous_secret, ev.payload`),
  );
}

/** The body every attempt sends: the event payload, byte for byte the same on every retry. */
export function deliveryBody(p: ClaimedDelivery["payload"]): string {
  return JSON.stringify({ id: p.id, type: p.type, timestamp: p.timestamp, organizationId: p.organizationId, data: p.data });
}

function signingSecrets(d: ClaimedDelivery): string[] {
  return [open(d.secret), ...(d.previous_secret ? [open(d.previous_secret)] : [])];
}

/** Extends the lease this worker still holds (a lost one stays lost: its attempt will not be recorded). */
async function renewLease(db: Db, d: ClaimedDelivery): Promise<void> {
  const [row] = rowsOf<{ lease: string }>(
    await db.execute(sql`
      update webhook_deliveries set locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
      where id = ${d.id} and status = 'pending' and locked_until = ${d.lease}::timestamptz
      returning locked_until::text as lease`),
  );
  if (row) d.lease = row.lease;
}

/** Runs `work` while renewing the delivery's lease; the last renewal is finished when it returns. */
async function holdingLease<T>(db: Db, d: ClaimedDelivery, work: () => Promise<T>): Promise<T> {
  let renewing = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(() => renewLease(db, d)).catch((e: unknown) => console.error(`Webhook lease renewal: ${describeError(e, { stack: false })}`));
  }, RENEW_EVERY_MS).unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await renewing;
  }
}

/** Sends one claimed delivery and records the attempt. Never throws for the endpoint's sake. */
export async function sendDelivery(db: Db, d: ClaimedDelivery): Promise<void> {
  const body = deliveryBody(d.payload);
  let secrets: string[];
  try {
    secrets = signingSecrets(d);
  } catch {
    return recordAttempt(db, d, { status: null, response: "", durationMs: 0, error: "The signing secret could not be read (check ENCRYPTION_KEY)." });
  }
  const result = await holdingLease(db, d, () => postWebhook(d.url, body, signedHeaders(d.event_id, body, secrets)));
  await recordAttempt(db, d, result);
}

/**
 * Logs the attempt, moves the delivery on (done, next retry on the schedule, or failed) and
 * tracks the endpoint's run of failures, in one statement. The delivery is only moved if this
 * worker still holds its lease. 410 Gone, or 5 days of failures, disables the endpoint.
 */
export async function recordAttempt(db: Db, d: ClaimedDelivery, r: PostResult): Promise<void> {
  const ok = r.error === null;
  const attempts = d.attempts + 1;
  const delay = ok || r.status === 410 ? undefined : retrySchedule()[attempts - 1];
  const status = ok ? "succeeded" : delay === undefined ? "failed" : "pending";
  const next = delay === undefined ? null : new Date(Date.now() + delay * 1000).toISOString();
  const rows = rowsOf<{ failing_too_long: boolean | null }>(
    await db.execute(sql`
      with attempt as (
        insert into webhook_attempts (id, delivery_id, status_code, duration_ms, response, error)
        values (${newId("webhookAttempt")}, ${d.id}, ${r.status}, ${r.durationMs}, ${r.response}, ${r.error})
      ), endpoint as (
        update webhook_endpoints set failing_since = ${ok ? null : sql`coalesce(failing_since, now())`}
        where id = ${d.endpoint_id} and ${ok ? sql`failing_since is not null` : sql`true`}
        returning failing_since <= now() - make_interval(secs => ${FAILING_LIMIT_MS / 1000}) as too_long
      )
      update webhook_deliveries set attempts = ${attempts}, status = ${status}, last_status = ${r.status}, locked_until = null,
        next_attempt_at = coalesce(${next}::timestamptz, next_attempt_at), updated_at = now()
      where id = ${d.id} and locked_until = ${d.lease}::timestamptz
      returning (select too_long from endpoint) as failing_too_long`),
  );
  if (ok) return;
  if (r.status === 410) return disableFailingEndpoint(db, d.endpoint_id, "gone");
  if (rows[0]?.failing_too_long) await disableFailingEndpoint(db, d.endpoint_id, "failing");
}
