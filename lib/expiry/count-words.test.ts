import { expect, it } from "vitest";
import { countBadge, countWords } from "./count-words";

it("says a count past the cap as more than 10,000", () => {
  expect(countWords(10_000)).toBe("10,000");
  expect(countWords(10_001)).toBe("more than 10,000");
  expect(countBadge(7)).toBe("7");
  expect(countBadge(20_002)).toBe("10,000+");
});
