const MICROS_PER_DOLLAR = 1_000_000;

/**
 * Micro-dollars as dollars, with integer arithmetic only: at least two decimals, more when
 * the amount has them. 2_500_000 → "$2.50", 20_000 → "$0.02", 5_000 → "$0.005".
 */
export function formatMicros(micros: number): string {
  const sign = micros < 0 ? "-" : "";
  const abs = Math.abs(micros);
  const rest = abs % MICROS_PER_DOLLAR;
  const dollars = (abs - rest) / MICROS_PER_DOLLAR;
  const fraction = String(rest).padStart(6, "0").replace(/0+$/, "").padEnd(2, "0");
  return `${sign}$${dollars.toLocaleString("en-US")}.${fraction}`;
}
