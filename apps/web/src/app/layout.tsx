import type { ReactNode } from "react";

export const metadata = { title: "HarmoniQ", description: "Describe a song and hear it." };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
