import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq } from "drizzle-orm";
import type { NextAuthConfig } from "next-auth";
import { getDb } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { sendEmail } from "@/lib/email/send";
import { magicLinkEmail } from "@/lib/email/templates/magic-link";
import { env } from "@/lib/env";
import { magicLinkRequestRetryAfter } from "./sign-in-limit";
import { magicLinkRefusal } from "@/lib/security/enforcement";

const SESSION_MAX_AGE = 30 * 24 * 60 * 60;
// where Auth.js would send a refused request; limitedSignIn answers it first (429, or the form's message)
const RATE_LIMITED_PATH = "/sign-in/error?error=RateLimited";

// Auth.js with database sessions (so they can be listed and revoked) and email magic links.
// Addresses on a verified domain of an organization that enforces SSO get no magic link: the
// sign-in callback refuses both the request and a link sent before enforcement was turned on,
// and the sender refuses too, so no code path mails one.
export async function authConfig(): Promise<NextAuthConfig> {
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
          const refusal = await magicLinkRefusal(db, identifier);
          if (refusal) throw new Error(`No magic link for ${identifier}: ${refusal.message}`);
          await sendEmail(magicLinkEmail(identifier, url));
        },
      },
    ],
    callbacks: {
      // called when a link is requested and again when it is used: a link sent before SSO was enforced stops working
      async signIn({ user, email }) {
        // the magic-link limit, before any token or mail; every caller (this route, signIn()) passes here
        if (email?.verificationRequest && user.email && (await magicLinkRequestRetryAfter(user.email)) > 0) return RATE_LIMITED_PATH;
        const refusal = user.email ? await magicLinkRefusal(db, user.email) : null;
        return refusal ? refusal.ssoPath : true;
      },
    },
    events: {
      async signIn({ user }) {
        if (user.id) await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
      },
    },
  };
}
