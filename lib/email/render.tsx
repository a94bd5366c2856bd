import { renderToStaticMarkup } from "react-dom/server";
import type { Email } from "./send";
import { EMAIL_TEMPLATES, type TemplateName, type TemplateProps } from "./templates";
import type { EmailTemplate } from "./templates/layout";

/**
 * A template as the email to send: HTML from its React component, and its plain text.
 * Only the background loop (lib/email/deliver.ts) and tests import this: react-dom/server
 * does not exist in the React Server Components layer of route handlers and server actions.
 */
export function renderEmail<N extends TemplateName>(name: N, props: TemplateProps<N>, to: string): Email {
  const template = EMAIL_TEMPLATES[name] as EmailTemplate<TemplateProps<N>>;
  const { Html } = template;
  return {
    to,
    subject: template.subject(props),
    text: template.text(props),
    html: `<!DOCTYPE html>${renderToStaticMarkup(<Html {...props} />)}`,
  };
}
