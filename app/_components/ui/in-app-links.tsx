"use client";
// A region whose links are plain <a> elements, navigated in the app by one listener (the same
// rule as the table rows': app/_components/ui/html-rows.ts). next/link renders each link as a
// component with its own hooks — about 9 µs a link on the server against 1 µs for an <a> —
// and a page of lists (the dashboard) holds dozens of them. Use it for lists of links that
// need no prefetch; a next/link inside still works as before (it handles its own clicks).
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { followInAppLink } from "./html-rows";

export function InAppLinks({ children, className }: { children: ReactNode; className?: string }) {
  const router = useRouter();
  return (
    // The links inside are the interactive elements (Enter on one is a click too); this only routes them.
    <div className={className} onClick={(e) => followInAppLink(e, (href) => router.push(href))}>
      {children}
    </div>
  );
}
