// Time buckets of the usage API, in UTC: hours, days and calendar months.

export const BUCKETS = ["hour", "day", "month"] as const;
export type Bucket = (typeof BUCKETS)[number];
export const MAX_BUCKETS = 1000;

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The start of the bucket holding `ms`. */
export function bucketStart(ms: number, bucket: Bucket): number {
  if (bucket === "hour") return Math.floor(ms / HOUR) * HOUR;
  if (bucket === "day") return Math.floor(ms / DAY) * DAY;
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The start of the bucket after the one starting at `start`. */
export function nextBucket(start: number, bucket: Bucket): number {
  if (bucket === "hour") return start + HOUR;
  if (bucket === "day") return start + DAY;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * The buckets covering [start, end): the range widened to whole buckets. Null when there
 * would be more than `max` (the caller answers 400).
 */
export function bucketStarts(start: number, end: number, bucket: Bucket, max = MAX_BUCKETS): number[] | null {
  const starts: number[] = [];
  for (let b = bucketStart(start, bucket); b < end; b = nextBucket(b, bucket)) {
    if (starts.length === max) return null;
    starts.push(b);
  }
  return starts;
}

/** The first day of the UTC month holding `ms`, `offset` months later: "2026-05-01". */
export function monthOf(ms: number, offset = 0): string {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}

/** When the month starting on `month` ("2026-05-01") ends, in ms. */
export function monthEnd(month: string): number {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return Date.UTC(y, m, 1);
}
