import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomInt } from "node:crypto";

// App passwords are sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the server
// secret: Subsonic's token auth needs the plaintext, so a hash would not do. The owner's id is
// the additional data, so a sealed password copied to another account does not open.

const VERSION = "v1";

function keyOf(serverSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", serverSecret, "harmoniq", "app-passwords/aes-256-gcm", 32));
}

/** A new password: 24 random characters a person can type into a player (no look-alikes). */
export function generateAppPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return Array.from({ length: 24 }, () => alphabet[randomInt(alphabet.length)]).join("");
}

export function sealAppPassword(serverSecret: string, userId: string, password: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(serverSecret), iv);
  cipher.setAAD(Buffer.from(userId));
  const data = Buffer.concat([cipher.update(password, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, data]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** The password, or null when it was sealed with another secret or for another user. */
export function openAppPassword(
  serverSecret: string,
  userId: string,
  sealed: string,
): string | null {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv(
      "aes-256-gcm",
      keyOf(serverSecret),
      Buffer.from(iv, "base64url"),
    );
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([
      decipher.update(Buffer.from(data, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return null;
  }
}
