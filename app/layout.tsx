import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "TRISA CA Portal", template: "%s · TRISA CA Portal" },
  description: "Issue, track and revoke TRISA mTLS identity certificates.",
};

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  // Every page, the 404 included, renders per request: a page prerendered at build time would
  // carry no nonce, and the Content Security Policy would block its scripts (docs/security.md S15).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
