import { AppError } from "@/lib/core/errors";

// Why an SSO sign-in was refused. The callbacks redirect to /sso/error?reason=CODE (or, for a
// console test, back to the connection page) and never create a session when one is raised.

export const SSO_REFUSALS = {
  STATE_INVALID: {
    title: "This sign-in link has expired or was already used",
    message: "Each single sign-on attempt can be completed once, within 10 minutes. Start again from the sign-in page.",
  },
  CONNECTION_UNAVAILABLE: {
    title: "This single sign-on connection is not available",
    message: "It was removed or turned off, or the organization's plan no longer includes single sign-on. Ask your administrator.",
  },
  IDP_ERROR: {
    title: "Your identity provider did not sign you in",
    message: "It answered with an error or the sign-in was cancelled. Try again, or ask your administrator to check the connection.",
  },
  IDP_UNREACHABLE: {
    title: "Your identity provider could not be reached",
    message: "The console could not read its configuration or exchange the sign-in code. Try again in a moment.",
  },
  IDP_MISCONFIGURED: {
    title: "The identity provider's configuration does not match this connection",
    message: "Its discovery document could not be read or names another issuer. Ask your administrator to check the issuer URL.",
  },
  TOKEN_INVALID: {
    title: "The identity provider's answer could not be trusted",
    message: "Its signature, issuer, audience, nonce or lifetime did not check out, so nobody was signed in.",
  },
  ASSERTION_INVALID: {
    title: "The identity provider's answer could not be trusted",
    message: "The SAML response's signature, audience, recipient or validity did not check out, so nobody was signed in.",
  },
  REPLAYED: {
    title: "This sign-in answer was already used",
    message: "An identity provider's answer works once. Start again from the sign-in page.",
  },
  EMAIL_MISSING: {
    title: "Your identity provider did not send an email address",
    message: "The console identifies people by email. Ask your administrator to release the email claim to the console.",
  },
  EMAIL_UNVERIFIED: {
    title: "Your email address is not verified at your identity provider",
    message: "The identity provider said it has not verified your address. Verify it there, then try again.",
  },
  DOMAIN_NOT_VERIFIED: {
    title: "Your email domain is not verified for this organization",
    message: "An organization's single sign-on may only sign in addresses of domains it has verified. Ask your administrator to verify the domain, or sign in with an email link.",
  },
  SIGN_IN_FAILED: {
    title: "Single sign-on failed",
    message: "Something went wrong on our side while signing you in. Try again; if it keeps failing, tell your administrator.",
  },
} as const;

export type SsoRefusalReason = keyof typeof SSO_REFUSALS;

export function isRefusalReason(v: unknown): v is SsoRefusalReason {
  return typeof v === "string" && Object.hasOwn(SSO_REFUSALS, v);
}

/** An SSO sign-in refused for `reason`; `detail` is for logs and the console's test result. */
export class SsoRefusal extends AppError {
  readonly reason: SsoRefusalReason;
  readonly detail: string;

  constructor(reason: SsoRefusalReason, detail?: string, cause?: unknown) {
    const { title, message } = SSO_REFUSALS[reason];
    super("FORBIDDEN", `${title}. ${message}`, { cause, userMessage: `${title}. ${message}` });
    this.name = "SsoRefusal";
    this.reason = reason;
    this.detail = detail ?? title;
  }
}
