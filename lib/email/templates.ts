// Plain templates for the foundation's only email, the sign-in link. The notifications issue
// moves templates to React components; this one stays small and dependency-free.
const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function magicLinkEmail(to: string, url: string) {
  const host = new URL(url).host;
  return {
    to,
    subject: `Sign in to the AnyInt Console`,
    text: `Sign in to the AnyInt Console at ${host}:\n\n${url}\n\nThe link works once and expires in 24 hours. If you did not ask for it, ignore this email.`,
    html: `<p>Sign in to the AnyInt Console at ${escape(host)}:</p><p><a href="${escape(url)}">Sign in</a></p><p>The link works once and expires in 24 hours. If you did not ask for it, ignore this email.</p>`,
  };
}
