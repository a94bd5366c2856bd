// The sign-in link stays a plain string template: Auth.js sends it at once from a route
// handler or server action (the React Server Components layer, where react-dom/server is not
// available), and sign-in must not wait for the background loop that renders React templates.
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
