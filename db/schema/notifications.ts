import { boolean, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { updatedAt } from "./columns";
import { organizations } from "./organizations";

// A member's choice for one category of non-essential email (lib/notifications/categories.ts).
// No row: the category is on.
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    category: text().notNull(),
    enabled: boolean().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organizationId, t.category] })],
);

export type NotificationPreference = typeof notificationPreferences.$inferSelect;
