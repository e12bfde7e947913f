import { NotFoundContent } from "@/app/_components/not-found-content";

export default function NotFound() {
  return (
    <main className="px-4">
      <NotFoundContent />
    </main>
  );
}
