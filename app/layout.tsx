import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "AnyInt Console", template: "%s · AnyInt Console" },
  description: "Governance console for the AnyInt model API platform",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen text-sm">{children}</body>
    </html>
  );
}
