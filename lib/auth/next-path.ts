/**
 * Where to go after signing in. Rule: only a path on this site — never `//host`, `/\host`,
 * a scheme, control characters, the login page itself or an API route — so a crafted
 * `?next=` link cannot send someone elsewhere after they type their password.
 */
export function safeNextPath(value: unknown): string | null {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  if (value.length > 512 || /[\u0000-\u001f\u007f]/.test(value)) return null;
  if (value === "/login" || value.startsWith("/login?") || value.startsWith("/login/") || value.startsWith("/api/")) return null;
  return value;
}
