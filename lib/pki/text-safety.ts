/**
 * Spotting characters in names that mislead a reader: control characters (NUL can cut a
 * name short in C code), bidirectional overrides (U+202E shows "moc.evil" as "live.com"),
 * invisible characters, and mixed scripts (a Cyrillic "а" inside a Latin name looks like
 * "a"). Used to warn about CSR and certificate names; the names themselves are kept as they
 * are, and `printable` makes them safe to show inside a message.
 */
import "server-only";

const CONTROL_NAMES: Record<number, string> = {
  0x00: "NUL",
  0x07: "BEL",
  0x08: "BS",
  0x09: "TAB",
  0x0a: "LF",
  0x0d: "CR",
  0x1b: "ESC",
  0x7f: "DEL",
};

const BIDI_NAMES: Record<number, string> = {
  0x061c: "arabic letter mark",
  0x200e: "left-to-right mark",
  0x200f: "right-to-left mark",
  0x202a: "left-to-right embedding",
  0x202b: "right-to-left embedding",
  0x202c: "pop directional formatting",
  0x202d: "left-to-right override",
  0x202e: "right-to-left override",
  0x2066: "left-to-right isolate",
  0x2067: "right-to-left isolate",
  0x2068: "first strong isolate",
  0x2069: "pop directional isolate",
};

const INVISIBLE = new Set([0x00ad, 0x034f, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff]);

// Scripts whose letters are commonly confused with Latin ones, checked by name so the
// message can say which scripts were mixed.
const SCRIPTS: [string, RegExp][] = [
  ["Latin", /\p{Script=Latin}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Armenian", /\p{Script=Armenian}/u],
  ["Cherokee", /\p{Script=Cherokee}/u],
];

function codePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

function isControl(cp: number): boolean {
  return cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0x9f);
}

/**
 * The control characters in `value` other than those in `allowed`, each once, named as
 * "U+0007 (BEL)": for free text (a note) that keeps newlines and tabs but nothing that moves
 * a terminal's cursor or cuts a string short.
 */
export function controlCharactersIn(value: string, allowed: ReadonlySet<number> = new Set()): string[] {
  const found = new Set<string>();
  for (const ch of value) {
    const cp = ch.codePointAt(0) ?? 0;
    if (isControl(cp) && !allowed.has(cp)) found.add(`${codePoint(cp)}${CONTROL_NAMES[cp] ? ` (${CONTROL_NAMES[cp]})` : ""}`);
  }
  return [...found];
}

function isSuspicious(cp: number): boolean {
  return isControl(cp) || cp in BIDI_NAMES || INVISIBLE.has(cp);
}

/** The value with control, bidi and invisible characters shown as <U+XXXX>, cut to `max`. */
export function printable(value: string, max = 120): string {
  let out = "";
  let count = 0;
  for (const ch of value) {
    if (count++ >= max) return `${out}…`;
    const cp = ch.codePointAt(0) ?? 0;
    out += isSuspicious(cp) ? `<${codePoint(cp)}>` : ch;
  }
  return out;
}

export interface TextCheckOptions {
  /** DNS names must be ASCII; organization names may legitimately not be. */
  asciiOnly?: boolean;
}

/**
 * Plain-language descriptions of what is misleading in `value`, one per kind of problem;
 * empty when the value is clean.
 */
export function findTextIssues(value: string, opts: TextCheckOptions = {}): string[] {
  const issues: string[] = [];
  const controls = new Set<string>();
  const bidi = new Set<string>();
  const invisible = new Set<string>();
  const nonAscii = new Set<string>();
  const scripts = new Set<string>();
  let scanned = 0;
  for (const ch of value) {
    if (scanned++ > 4096) break; // names are short; do not let a hostile value cost time
    const cp = ch.codePointAt(0) ?? 0;
    if (isControl(cp)) controls.add(`${codePoint(cp)}${CONTROL_NAMES[cp] ? ` (${CONTROL_NAMES[cp]})` : ""}`);
    else if (cp in BIDI_NAMES) bidi.add(`${codePoint(cp)} (${BIDI_NAMES[cp]})`);
    else if (INVISIBLE.has(cp)) invisible.add(codePoint(cp));
    else if (cp > 0x7e) nonAscii.add(ch);
    if (cp > 0x40) {
      // Only the easily confused scripts count: "株式会社 ABC" mixes scripts legitimately.
      const script = SCRIPTS.find(([, re]) => re.test(ch));
      if (script) scripts.add(script[0]);
    }
  }
  if (controls.size) issues.push(`contains control characters: ${[...controls].join(", ")}`);
  if (bidi.size) issues.push(`contains bidirectional text controls that can disguise how it reads: ${[...bidi].join(", ")}`);
  if (invisible.size) issues.push(`contains invisible characters: ${[...invisible].join(", ")}`);
  if (scripts.size > 1) {
    issues.push(
      `mixes ${[...scripts].join(" and ")} letters; look-alike letters such as Cyrillic "а" for Latin "a" can imitate another name`,
    );
  }
  if (opts.asciiOnly && nonAscii.size) {
    const sample = [...nonAscii].slice(0, 5).join(" ");
    issues.push(`contains non-ASCII characters (${sample}); DNS names must be ASCII, using the punycode (xn--) form for international names`);
  }
  return issues;
}
