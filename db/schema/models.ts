import { bigint, boolean, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";

// The model catalog. Prices are integer micro-dollars per million tokens.
export const models = pgTable("models", {
  id: text().primaryKey(), // "openai/gpt-4o"
  provider: text().notNull(),
  displayName: text().notNull(),
  inputPriceMicros: bigint({ mode: "number" }).notNull(),
  outputPriceMicros: bigint({ mode: "number" }).notNull(),
  active: boolean().notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type Model = typeof models.$inferSelect;
