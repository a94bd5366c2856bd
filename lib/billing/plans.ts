import type { PlanId } from "@/lib/orgs/plans";

/**
 * List prices per feature plan, used while an organization has no contract terms of its own
 * (no billing_terms row). Negotiated terms replace them entirely.
 */
export const LIST_PRICES: Record<PlanId, { baseFeeMicros: number; includedSeats: number; seatPriceMicros: number }> = {
  free: { baseFeeMicros: 0, includedSeats: 3, seatPriceMicros: 0 },
  team: { baseFeeMicros: 500_000_000, includedSeats: 10, seatPriceMicros: 25_000_000 },
  enterprise: { baseFeeMicros: 5_000_000_000, includedSeats: 50, seatPriceMicros: 40_000_000 },
};
