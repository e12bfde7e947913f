/**
 * A profile parameter's validation pattern (a JavaScript regular expression served by
 * Sectigo, e.g. `^…$`) as an HTML `pattern` attribute, which browsers compile with the `v`
 * flag and anchor themselves. Under `v`, a literal `-` at the edge of a character class
 * (`[A-Za-z0-9-]`, as in the DNS-name rule) is a syntax error, and a browser then silently
 * ignores the attribute; so such a hyphen is escaped, and a pattern that still does not
 * compile is left out. The hint is a courtesy: the server validates again either way.
 */

function stripAnchors(source: string): string {
  let s = source;
  if (s.startsWith("^")) s = s.slice(1);
  // A trailing "$" that is not escaped.
  if (s.endsWith("$") && !s.endsWith("\\$")) s = s.slice(0, -1);
  return s;
}

/** Escapes a literal "-" right after "[" / "[^" or right before "]" inside character classes. */
function escapeEdgeHyphens(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === "\\") {
      out += c + source.charAt(i + 1);
      i++;
      continue;
    }
    if (!inClass && c === "[") {
      inClass = true;
      out += c;
      if (source.charAt(i + 1) === "^") {
        out += "^";
        i++;
      }
      if (source.charAt(i + 1) === "-") {
        out += "\\-";
        i++;
      }
      continue;
    }
    if (inClass && c === "-" && source.charAt(i + 1) === "]") {
      out += "\\-";
      continue;
    }
    if (inClass && c === "]") inClass = false;
    out += c;
  }
  return out;
}

function compilesForHtml(body: string): boolean {
  try {
    new RegExp(`^(?:${body})$`, "v");
    return true;
  } catch {
    return false;
  }
}

/** The `pattern` attribute for a validation pattern, or undefined when none can be given. */
export function htmlPattern(validationPattern: string | null | undefined): string | undefined {
  if (!validationPattern) return undefined;
  const body = stripAnchors(validationPattern);
  if (compilesForHtml(body)) return body;
  const escaped = escapeEdgeHyphens(body);
  return compilesForHtml(escaped) ? escaped : undefined;
}
