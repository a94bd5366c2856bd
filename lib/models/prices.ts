import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import type { Price } from "@/lib/usage/cost";

// The catalog's price history (model_prices): `models` holds each model's current price,
// and usage is priced with the entry in force at the event's time.

/**
 * Records every catalog price that the history does not have as its latest entry: a new
 * model's price in force since forever, a price edited in the catalog in force from now.
 */
export async function seedModelPrices(db: Queryable) {
  await db.execute(sql`
    insert into model_prices (model_id, effective_from, input_price_micros, output_price_micros)
    select m.id, case when latest.model_id is null then 'epoch'::timestamptz else now() end, m.input_price_micros, m.output_price_micros
    from models m
    left join lateral (
      select model_id, input_price_micros, output_price_micros from model_prices p
      where p.model_id = m.id order by effective_from desc limit 1
    ) latest on true
    where latest.model_id is null
       or (latest.input_price_micros, latest.output_price_micros) <> (m.input_price_micros, m.output_price_micros)
    on conflict do nothing`);
}

type Entry = Price & { from: number };

/** Every price of the catalog, newest first per model: a small table, read once per batch. */
export async function loadPriceBook(db: Queryable) {
  const rows = rowsOf<{ model_id: string; from_ms: string | number; input: string | number; output: string | number }>(
    await db.execute(sql`
      select model_id, (extract(epoch from effective_from) * 1000)::float8 as from_ms,
             input_price_micros as input, output_price_micros as output
      from model_prices order by model_id, effective_from desc`),
  );
  const byModel = new Map<string, Entry[]>();
  for (const r of rows) {
    let list = byModel.get(r.model_id);
    if (!list) byModel.set(r.model_id, (list = []));
    list.push({ from: Number(r.from_ms), inputPriceMicros: Number(r.input), outputPriceMicros: Number(r.output) });
  }
  return {
    /** the price in force at `ms`, or null for a model the catalog does not know (then) */
    at(modelId: string, ms: number): Price | null {
      return byModel.get(modelId)?.find((e) => e.from <= ms) ?? null;
    },
  };
}
