import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "TRISA CA Portal", template: "%s · TRISA CA Portal" },
  description: "Issue, track and revoke TRISA mTLS identity certificates.",
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
