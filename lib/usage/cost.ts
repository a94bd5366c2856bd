// Money in integer micro-dollars, never floating point (docs/architecture.md, Database).

/** A catalog price: micro-dollars per million tokens. */
export type Price = { inputPriceMicros: number; outputPriceMicros: number };

const MILLION = 1_000_000n;

/**
 * The cost of one event: (input × input price + output × output price) / 1,000,000, rounded
 * half up once, in bigint arithmetic (the product overflows 2^53 for large events).
 */
export function costMicros(inputTokens: number, outputTokens: number, price: Price): number {
  const total = BigInt(inputTokens) * BigInt(price.inputPriceMicros) + BigInt(outputTokens) * BigInt(price.outputPriceMicros);
  return Number((total + MILLION / 2n) / MILLION);
}

/**
 * A dollar amount typed by a person ("1250", "1,250.50", "$0.000001") as micro-dollars,
 * exactly (string arithmetic, no float); null when it is not an amount.
 */
export function dollarsToMicros(text: string): number | null {
  const m = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) return null;
  const micros = BigInt(m[1]!.replace(/,/g, "")) * 1_000_000n + BigInt((m[2] ?? "").padEnd(6, "0"));
  return micros <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(micros) : null;
}

/** Micro-dollars as a plain decimal for a form field: 1_250_500_000 → "1250.5". */
export function microsToDollarText(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000).padStart(6, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** Whether `spent` reached `percent` % of `limit`, exactly (bigint: spent × 100 can pass 2^53). */
export function reached(spentMicros: number, limitMicros: number, percent: number): boolean {
  return BigInt(spentMicros) * 100n >= BigInt(limitMicros) * BigInt(percent);
}
