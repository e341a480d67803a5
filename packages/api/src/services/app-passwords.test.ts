import { describe, expect, it } from "vitest";
import { generateAppPassword, openAppPassword, sealAppPassword } from "./app-passwords";

const SECRET = "a-server-secret-of-at-least-32-characters";

describe("app password sealing", () => {
  it("opens what it sealed, for the same user and secret only", () => {
    const password = generateAppPassword();
    expect(password).toMatch(/^[a-z2-9]{24}$/);
    const sealed = sealAppPassword(SECRET, "user-1", password);
    expect(sealed).not.toContain(password);
    expect(openAppPassword(SECRET, "user-1", sealed)).toBe(password);
    expect(openAppPassword(SECRET, "user-2", sealed)).toBeNull();
    expect(openAppPassword(`${SECRET}!`, "user-1", sealed)).toBeNull();
    expect(openAppPassword(SECRET, "user-1", "v1.garbage")).toBeNull();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(openAppPassword(SECRET, "user-1", tampered)).toBeNull();
  });

  it("seals the same password differently every time", () => {
    expect(sealAppPassword(SECRET, "u", "same")).not.toBe(sealAppPassword(SECRET, "u", "same"));
    expect(new Set(Array.from({ length: 50 }, generateAppPassword)).size).toBe(50);
  });
});
