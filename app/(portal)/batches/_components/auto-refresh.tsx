"use client";
// Re-renders the server page every few seconds while something on it is still moving (a
// batch in flight), so a list shows progress without a reload; idle otherwise.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function AutoRefresh({ active, intervalMs = 2000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => {
      // Not while the tab is hidden: nobody is watching, and the poller runs anyway.
      if (document.visibilityState === "visible") router.refresh();
    }, intervalMs);
    return () => window.clearInterval(timer);
  }, [active, intervalMs, router]);
  return null;
}
