import Link from "next/link";
import { getSession } from "@/trpc/server";
import { NavLinks } from "./nav-links";
import { NotificationBell } from "./notifications/notification-bell";
import { SignOutButton } from "./sign-out-button";

export async function SiteHeader() {
  // The session already carries the handle (read with the user row): no user.me query.
  const me = (await getSession())?.user ?? null;
  const links = me
    ? [
        { href: "/", label: "Discover" },
        { href: "/create", label: "Create" },
        { href: "/library", label: "Library" },
        { href: "/chat", label: "Chat" },
        { href: "/stats", label: "Stats" },
      ]
    : [{ href: "/", label: "Discover" }];
  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className="header-inner">
        <Link href="/" className="brand" aria-label="HarmoniQ home">
          <span aria-hidden="true">♪</span> HarmoniQ
        </Link>
        <NavLinks links={links} />
        <div className="header-account">
          {me ? (
            <>
              <NotificationBell />
              <Link href={`/u/${me.handle}`} className="small">
                @{me.handle}
              </Link>
              <Link href="/settings" className="small">
                Settings
              </Link>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className="btn ghost small">
                Sign in
              </Link>
              <Link href="/sign-up" className="btn small">
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
