import type { CSSProperties, ReactElement, ReactNode } from "react";

/** An email template: subject, HTML as a React component and plain text, from the same props. */
export type EmailTemplate<P> = {
  subject: (props: P) => string;
  Html: (props: P) => ReactElement;
  text: (props: P) => string;
};

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const styles = {
  heading: { margin: "0 0 12px", fontSize: "18px", fontWeight: 600 },
  paragraph: { margin: "0 0 12px", lineHeight: "22px" },
  button: {
    display: "inline-block",
    padding: "8px 14px",
    borderRadius: "6px",
    backgroundColor: "#4f46e5",
    color: "#ffffff",
    fontWeight: 600,
    textDecoration: "none",
  },
  muted: { margin: "12px 0 0", color: "#475569", fontSize: "12px", lineHeight: "18px" },
} satisfies Record<string, CSSProperties>;

/** The frame every email shares: a preview line for inboxes, the brand, the content, a footer. */
export function EmailLayout({ preview, children }: { preview: string; children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ margin: 0, padding: "24px 12px", backgroundColor: "#f8fafc", fontFamily: FONT, fontSize: "14px", color: "#0f172a" }}>
        <div style={{ display: "none", maxHeight: 0, overflow: "hidden" }}>{preview}</div>
        <div style={{ maxWidth: "520px", margin: "0 auto", padding: "24px", backgroundColor: "#ffffff", border: "1px solid #e2e8f0", borderRadius: "8px" }}>
          <p style={{ margin: "0 0 16px", color: "#4338ca", fontSize: "12px", fontWeight: 600, letterSpacing: "0.05em", textTransform: "uppercase" }}>
            AnyInt Console
          </p>
          {children}
        </div>
      </body>
    </html>
  );
}
