import { describe, expect, it } from "vitest";
import { errorStatus, zipFileName, zipStream } from "./zip-response";

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}

describe("ZIP download response", () => {
  it("names the file after the Sectigo batch unless Sectigo's own name is a plain .zip", () => {
    expect(zipFileName("1234.zip", 1234)).toBe("1234.zip");
    expect(zipFileName("certificate.zip", 77)).toBe("certificate.zip");
    expect(zipFileName('evil".zip', 77)).toBe("77.zip");
    expect(zipFileName("../../etc/passwd", 77)).toBe("77.zip");
    expect(zipFileName("a\r\nSet-Cookie: x.zip", 77)).toBe("77.zip");
    expect(zipFileName("", null)).toBe("batch.zip");
  });

  it("streams every byte, in order, across chunk boundaries", async () => {
    const data = new Uint8Array(200_000).map((_, i) => i % 251);
    // Buffer#equals, not toEqual: a deep compare of 200 000 elements is needlessly slow.
    expect(Buffer.from(await collect(zipStream(data))).equals(Buffer.from(data))).toBe(true);
    expect(await collect(zipStream(new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });

  it("answers each refusal with a fitting status", () => {
    expect(errorStatus("NOT_FOUND")).toBe(404);
    expect(errorStatus("NOT_DOWNLOADABLE")).toBe(409);
    expect(errorStatus("SECTIGO_UPSTREAM")).toBe(502);
    expect(errorStatus("SECTIGO_TIMEOUT")).toBe(504);
    expect(errorStatus("INTERNAL")).toBe(500);
  });
});
