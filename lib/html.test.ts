import { describe, expect, it } from "vitest";
import { escapeHtml } from "./html";

describe("escapeHtml", () => {
  it("turns markup into text, in element text and in quoted attributes", () => {
    expect(escapeHtml(`"><img src=x onerror=alert(1)>`)).toBe("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(escapeHtml("a & b 'c'")).toBe("a &amp; b &#39;c&#39;");
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    expect(escapeHtml(42)).toBe("42");
    expect(escapeHtml("node-1.vasp.example")).toBe("node-1.vasp.example");
  });

  it("writes characters outside ASCII as references the browser shows unchanged", () => {
    expect(escapeHtml("Zürich — 東京 😀")).toBe("Z&#252;rich &#8212; &#26481;&#20140; &#128512;");
    expect(escapeHtml("—")).toMatch(/^[\x00-\x7f]*$/);
  });
});
