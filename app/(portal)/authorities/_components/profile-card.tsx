// One profile: what it is for, which authorities issue under it, the key algorithms it takes,
// the parameters a request must carry (with their validation pattern and message), and its
// raw configuration as Sectigo returns it (text, never HTML).
import { Badge } from "@/app/_components/ui/badge";
import type { ProfileView } from "../_lib/authorities-view";
import { Row } from "./section";

const SOURCE_TEXT: Record<ProfileView["parametersFrom"], string> = {
  sectigo: "as Sectigo lists them",
  portal: "Sectigo did not list them; these are the portal's copy of the TRISA profile",
  none: "",
};

export function ProfileCard({ profile }: { profile: ProfileView }) {
  const headingId = `profile-${profile.profileId}`;
  return (
    <article aria-labelledby={headingId} className="rounded-md border border-slate-200 p-4" data-testid="profile-card">
      <h3 id={headingId} className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900">
        <span className="break-words">{profile.name}</span>
        <span className="font-mono text-sm font-normal text-slate-600">#{profile.profileId}</span>
        {profile.network ? <Badge tone={profile.network === "MainNet" ? "blue" : "violet"}>{profile.network}</Badge> : null}
      </h3>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[11rem_1fr]">
        <Row label="Authorities">{profile.authorityIds.length > 0 ? profile.authorityIds.map((id) => `#${id}`).join(", ") : "none of this account's"}</Row>
        <Row label="Signing CA">{profile.ca ?? "unknown"}</Row>
        <Row label="Key algorithms">{profile.algorithms.length > 0 ? profile.algorithms.join(", ") : (profile.keyAlgorithmInfo ?? "unknown")}</Row>
      </dl>
      <h4 className="mt-4 text-sm font-semibold text-slate-900">
        Parameters{profile.parametersFrom !== "none" ? <span className="font-normal text-slate-600"> — {SOURCE_TEXT[profile.parametersFrom]}</span> : null}
      </h4>
      {profile.parameters.length > 0 ? (
        <ul className="mt-2 divide-y divide-slate-200 rounded-md ring-1 ring-slate-200" aria-label={`Parameters of ${profile.name}`}>
          {profile.parameters.map((p) => (
            <li key={p.name} className="grid grid-cols-1 gap-1 p-3 text-sm sm:grid-cols-[14rem_1fr]" data-testid="profile-parameter">
              <div>
                <p className="font-medium text-slate-900">{p.title || p.name}</p>
                <p className="font-mono text-xs text-slate-600">{p.name}</p>
                <p className="mt-1">{p.required ? <Badge tone="amber">required</Badge> : <Badge>optional</Badge>}</p>
              </div>
              <dl className="grid min-w-0 grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[7rem_1fr]">
                <Row label="Input">{p.inputType || "—"}</Row>
                <Row label="Pattern" mono>
                  {p.validationPattern || "none"}
                </Row>
                <Row label="Message">{p.message || "—"}</Row>
              </dl>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-700">No parameters are known for this profile.</p>
      )}
      {profile.config ? (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium text-blue-800">Raw profile configuration</summary>
          <pre tabIndex={0} aria-label={`Raw configuration of ${profile.name}`} className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-3 font-mono text-xs text-slate-900 ring-1 ring-slate-200">
            {profile.config}
          </pre>
        </details>
      ) : null}
    </article>
  );
}
