import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "AnyInt Console", template: "%s · AnyInt Console" },
  description: "Governance console for the AnyInt model API platform",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so Next.js puts that request's CSP nonce (proxy.ts) on
  // its scripts; a page prerendered at build time would carry none and not hydrate.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen text-sm">{children}</body>
    </html>
  );
}
