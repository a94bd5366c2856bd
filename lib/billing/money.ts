// Money arithmetic for billing: integer micro-dollars (1 USD = 1,000,000) in bigint, rounded
// half up where a rounding happens (tax, cents for display). The one display helper is
// `formatUsd`; CSV and tables keep the exact micro-dollars beside it.

const MICROS_PER_CENT = 10_000n;

/** Divides a non-negative-or-negative bigint, rounding half away from zero ("half up" on amounts). */
function divideHalfUp(n: bigint, d: bigint): bigint {
  const sign = n < 0n ? -1n : 1n;
  const abs = n < 0n ? -n : n;
  return sign * ((abs * 2n + d) / (2n * d));
}

/** "8.875" → 88750 (the rate in ten-thousandths of a percent); null if not a rate of 0 to 100 with at most 4 decimals. */
export function rateUnits(percent: string): bigint | null {
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(percent.trim());
  if (!m) return null;
  const units = BigInt(m[1]!) * 10_000n + BigInt((m[2] ?? "").padEnd(4, "0") || "0");
  return units <= 1_000_000n ? units : null;
}

/** A rate as stored (numeric(7,4): "8.8750") shown without trailing zeros: "8.875". */
export function formatRate(percent: string): string {
  const units = rateUnits(percent) ?? 0n;
  const whole = units / 10_000n;
  const fraction = String(units % 10_000n).padStart(4, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** Tax on a subtotal: subtotal × rate / 100, rounded half up to the micro-dollar. */
export function taxMicros(subtotalMicros: number, ratePercent: string): number {
  const units = rateUnits(ratePercent);
  if (units === null) throw new Error(`not a tax rate: ${ratePercent}`);
  return Number(divideHalfUp(BigInt(subtotalMicros) * units, 1_000_000n));
}

/** Micro-dollars rounded half up to cents, as an integer number of cents. */
export function toCents(micros: number): number {
  return Number(divideHalfUp(BigInt(micros), MICROS_PER_CENT));
}

/** The one display format of amounts: dollars rounded half up to the cent, "$1,234.57". */
export function formatUsd(micros: number): string {
  const cents = toCents(micros);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
}

/** Dollars with cents for CSV (no symbol, no grouping): "1234.57". */
export function dollarsForCsv(micros: number): string {
  const cents = toCents(micros);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Whole dollars (a form field) → micro-dollars, exactly: "12.5" → 12_500_000; null if not an amount. */
export function dollarsToMicros(value: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(value.trim());
  if (!m) return null;
  return Number(BigInt(m[1]!) * 1_000_000n + BigInt((m[2] ?? "").padEnd(6, "0") || "0"));
}
