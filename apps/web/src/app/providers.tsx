"use client";

import type { ReactNode } from "react";
import { MiniPlayer, PlayerProvider } from "@/components/player";
import { TRPCReactProvider } from "@/trpc/client";

export function Providers({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <PlayerProvider>
        {children}
        <MiniPlayer />
      </PlayerProvider>
    </TRPCReactProvider>
  );
}
