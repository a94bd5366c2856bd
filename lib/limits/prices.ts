import { getDb } from "@/db/client";
import { loadPriceBook } from "@/lib/models/prices";
import { processSingleton } from "@/lib/core/singleton";
import { costMicros } from "@/lib/usage/cost";

// The catalog's prices for pricing reserves on the hot path: read at most once a minute,
// and kept while the database is unreachable.
const TTL_MS = 60_000;
const cache = () => processSingleton("reservePrices", () => ({ book: null as Awaited<ReturnType<typeof loadPriceBook>> | null, loadedAt: 0 }));

/** The cost of a reserve at the model's price now; null for a model without a price. */
export async function reserveCost(model: string, inputTokens: number, outputTokens: number, now: number): Promise<number | null> {
  const c = cache();
  if (!c.book || now - c.loadedAt > TTL_MS) {
    try {
      c.book = await loadPriceBook(await getDb());
      c.loadedAt = now;
    } catch (error) {
      if (!c.book) throw error;
    }
  }
  const price = c.book.at(model, now);
  return price ? costMicros(inputTokens, outputTokens, price) : null;
}
