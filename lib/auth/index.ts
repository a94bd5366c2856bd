import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq } from "drizzle-orm";
import NextAuth from "next-auth";
import { getDb } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { sendEmail } from "@/lib/email/send";
import { magicLinkEmail } from "@/lib/email/templates/magic-link";
import { env } from "@/lib/env";

const SESSION_MAX_AGE = 30 * 24 * 60 * 60;

// Auth.js with database sessions (so they can be listed and revoked) and email magic links.
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const db = await getDb();
  return {
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE, updateAge: 24 * 60 * 60 },
    secret: env().AUTH_SECRET,
    trustHost: true,
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in/error" },
    providers: [
      {
        id: "email",
        type: "email",
        name: "Email",
        from: env().EMAIL_FROM,
        maxAge: 24 * 60 * 60,
        options: {},
        async sendVerificationRequest({ identifier, url }) {
          await sendEmail(magicLinkEmail(identifier, url));
        },
      },
    ],
    events: {
      async signIn({ user }) {
        if (user.id) await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
      },
    },
  };
});
