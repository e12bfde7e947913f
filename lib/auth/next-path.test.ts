import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/auth/next-path";

describe("the post-login destination", () => {
  it("keeps paths on this site, with their query", () => {
    expect(safeNextPath("/admin/users")).toBe("/admin/users");
    expect(safeNextPath("/certificates?q=vasp.example&status=valid")).toBe("/certificates?q=vasp.example&status=valid");
  });

  it("refuses anything that could leave the site or loop", () => {
    for (const bad of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "admin/users", "/login", "/login?next=/x", "/api/auth/signout", "/a\nb", "", null, 42, "/" + "x".repeat(600)]) {
      expect(safeNextPath(bad), String(bad)).toBeNull();
    }
  });
});
