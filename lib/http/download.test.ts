// Streamed downloads: the whole file as the generator wrote it, marked so that no server
// compresses it on the way, and a failure half-way that ends the download as an error
// instead of a short file that looks complete.
import { describe, expect, it } from "vitest";
import { downloadResponse } from "./responses";

function* lines(n: number): Generator<string> {
  for (let i = 0; i < n; i += 100) {
    yield Array.from({ length: Math.min(100, n - i) }, (_, k) => `row,${i + k}\r\n`).join("");
  }
}
const download = { what: "test export", contentType: "text/csv; charset=utf-8", fileName: "x.csv" };

describe("downloadResponse", () => {
  it("streams every chunk as a named attachment that is neither cached nor compressed", async () => {
    const res = downloadResponse(lines(5000), download);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="x.csv"');
    expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toBe([...lines(5000)].join(""));
  });

  it("ends the download with an error when reading fails half-way", async () => {
    function* failing(): Generator<string> {
      yield* lines(1000);
      throw new Error("disk gone");
    }
    await expect(downloadResponse(failing(), download).arrayBuffer()).rejects.toThrow();
  });
});
