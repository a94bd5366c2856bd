import type { Queryable } from "@/db/client";
import type { SsoConnection } from "@/db/schema";
import { createLoginState, safeReturnTo } from "./login-state";
import { oidcAuthorizationUrl, oidcConfiguration, oidcSecrets } from "./oidc";
import { startSamlSignIn } from "./saml";

/**
 * Starts a sign-in (or a console test) on a connection: stores the login state bound to the
 * browser key (the caller sets its cookie, browserKeyCookie), answers the IdP URL to redirect to.
 */
export async function startSignIn(
  db: Queryable,
  connection: SsoConnection,
  options: { purpose: "sign_in" | "test"; browserKey: string; initiatedById?: string | null; returnTo?: string | null },
): Promise<string> {
  const base = {
    browserKey: options.browserKey,
    connectionId: connection.id,
    purpose: options.purpose,
    initiatedById: options.initiatedById ?? null,
    returnTo: safeReturnTo(options.returnTo),
  };
  if (connection.protocol === "oidc") {
    await oidcConfiguration(connection); // discovery problems surface before a state is stored
    const state = await createLoginState(db, { ...base, ...oidcSecrets() });
    return oidcAuthorizationUrl(connection, state);
  }
  const state = await createLoginState(db, base);
  return startSamlSignIn(db, connection, state);
}
