import { describe, expect, it } from "vitest";
import { escapeText, foldLine, icsDate, icsDateTime, writeCalendar } from "./ics";

const octets = (s: string) => Buffer.byteLength(s, "utf8");

/** RFC 5545 §3.1 unfolding: a CRLF followed by one space or tab is removed. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, "");

describe("escapeText", () => {
  it("escapes backslash, semicolon, comma and newlines, and drops other control characters", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf\rg")).toBe("a\\\\b\\;c\\,d\\ne\\nf\\ng");
    expect(escapeText("tab\there bell\u0007")).toBe("tab\there bell");
  });
});

describe("foldLine", () => {
  it("leaves a line of 75 octets alone and folds longer ones into lines of at most 75 octets", () => {
    const exact = `SUMMARY:${"x".repeat(67)}`;
    expect(octets(exact)).toBe(75);
    expect(foldLine(exact)).toBe(exact);

    const long = `DESCRIPTION:${"abcdefghij".repeat(20)}`;
    const folded = foldLine(long);
    const lines = folded.split("\r\n");
    expect(lines.length).toBe(3);
    expect(lines.every((l) => octets(l) <= 75)).toBe(true);
    expect(octets(lines[0]!)).toBe(75);
    expect(lines.slice(1).every((l) => l.startsWith(" "))).toBe(true);
    expect(unfold(folded)).toBe(long);
  });

  it("counts octets, not characters, and never splits a multi-byte character", () => {
    // 3-octet (€), 4-octet (😀) and 2-octet (é) characters straddling every fold point
    for (const ch of ["€", "😀", "é"]) {
      for (let pad = 0; pad < 4; pad++) {
        const line = `SUMMARY:${"x".repeat(pad)}${ch.repeat(60)}`;
        const folded = foldLine(line);
        for (const physical of folded.split("\r\n")) {
          expect(octets(physical)).toBeLessThanOrEqual(75);
          expect(physical).not.toContain("\uFFFD");
          expect(Buffer.from(physical, "utf8").toString("utf8")).toBe(physical);
        }
        expect(unfold(folded)).toBe(line);
      }
    }
  });
});

describe("writeCalendar", () => {
  const text = writeCalendar({
    prodId: "-//TRISA//CA Portal//EN",
    name: "Expiries",
    stamp: new Date("2026-12-03T10:00:00.000Z"),
    events: [
      {
        uid: "0A1B@trisa-ca-portal",
        day: "2027-01-15T23:59:59.000Z",
        summary: "Certificate expires: vasp, inc; \\ ünïcødé — a very long common name that needs folding.example.org",
        description: "Serial: 0A1B\nhttps://portal.example.org/certificates/0A1B",
        url: "https://portal.example.org/certificates/0A1B",
      },
    ],
  });

  it("ends every line in CRLF, with no bare LF or CR, and no physical line over 75 octets", () => {
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of text.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
  });

  it("holds VERSION, PRODID, and an all-day VEVENT on the expiry's UTC date with a DTSTAMP", () => {
    const lines = unfold(text).split("\r\n");
    expect(lines.slice(0, 3)).toEqual(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//TRISA//CA Portal//EN"]);
    expect(lines).toEqual(
      expect.arrayContaining([
        "BEGIN:VEVENT",
        "UID:0A1B@trisa-ca-portal",
        "DTSTAMP:20261203T100000Z",
        "DTSTART;VALUE=DATE:20270115",
        "DTEND;VALUE=DATE:20270116",
        "SUMMARY:Certificate expires: vasp\\, inc\\; \\\\ ünïcødé — a very long common name that needs folding.example.org",
        "DESCRIPTION:Serial: 0A1B\\nhttps://portal.example.org/certificates/0A1B",
        "URL:https://portal.example.org/certificates/0A1B",
        "END:VEVENT",
      ]),
    );
  });

  it("writes dates and times in the basic ISO forms", () => {
    expect(icsDate("2027-03-09T00:00:00.000Z")).toBe("20270309");
    expect(icsDateTime(new Date("2027-03-09T08:07:06.500Z"))).toBe("20270309T080706Z");
  });
});
