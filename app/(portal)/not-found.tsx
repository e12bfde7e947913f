import { NotFoundContent } from "@/app/_components/not-found-content";

// Inside the portal's layout, whose <main> this fills: a second <main> would be a second landmark.
export default function PortalNotFound() {
  return <NotFoundContent />;
}
