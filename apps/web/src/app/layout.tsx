import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { Providers } from "./providers";
import "./globals.css";

// Every page depends on the visitor (session, private songs): rendered per request.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "HarmoniQ", template: "%s · HarmoniQ" },
  description: "Describe a song and hear it.",
};

export const viewport: Viewport = { themeColor: "#0e1016", width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <SiteHeader />
          <main id="main" className="container" tabIndex={-1}>
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
