"use client";
// The main navigation. From 640 px up it is a row of links; below, a "Menu" button opens
// it as a list (aria-expanded tells screen readers). The current page is marked with
// aria-current, not only with colour.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { buttonClasses, focusRing } from "@/app/_components/ui/button";

export interface PortalNavLink {
  href: string;
  label: string;
  /** how many things wait there for this person (shown beside the link, not in its name) */
  waiting?: number;
  /** what the count is, for screen readers (default "waiting") */
  waitingLabel?: string;
  /** the count as shown, when not the plain number ("10,000+") */
  waitingText?: string;
}

function isCurrent(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function PortalNav({ links }: { links: readonly PortalNavLink[] }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  return (
    <nav aria-label="Main" className="mx-auto w-full max-w-6xl px-4">
      <button
        type="button"
        className={buttonClasses("ghost", "sm", "mb-2 sm:hidden")}
        aria-expanded={open}
        aria-controls="main-nav-list"
        onClick={() => setOpen((v) => !v)}
      >
        <span aria-hidden="true">☰</span> Menu
      </button>
      <ul id="main-nav-list" className={`${open ? "flex" : "hidden"} flex-col gap-1 pb-2 sm:flex sm:flex-row sm:flex-wrap sm:gap-x-1 sm:pb-0`}>
        {links.map((link) => {
          const current = isCurrent(pathname, link.href);
          return (
            <li key={link.href} className="flex items-center">
              <Link
                href={link.href}
                prefetch={false}
                aria-current={current ? "page" : undefined}
                onClick={() => setOpen(false)}
                className={`block rounded-md px-3 py-2 text-sm font-medium sm:rounded-b-none sm:border-b-2 ${focusRing} ${
                  current ? "bg-blue-50 text-blue-800 sm:border-blue-700 sm:bg-transparent" : "text-slate-700 hover:bg-slate-100 sm:border-transparent"
                }`}
              >
                {link.label}
              </Link>
              {link.waiting ? (
                <span className="-ml-1 mr-1 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900" data-testid={`nav-waiting-${link.href.slice(1)}`}>
                  {link.waitingText ?? link.waiting}
                  <span className="sr-only"> {link.waitingLabel ?? "waiting"}</span>
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
