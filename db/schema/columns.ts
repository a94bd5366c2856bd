import { text, timestamp } from "drizzle-orm/pg-core";
import { newId, type IdKind } from "@/lib/core/ids";

/** Primary key with a typed prefix, generated in the application. */
export const idColumn = (kind: IdKind) =>
  text("id")
    .primaryKey()
    .$defaultFn(() => newId(kind));

export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const tz = () => timestamp({ withTimezone: true });
