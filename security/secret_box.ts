/**
 * Encrypts secrets at rest with AES-256-GCM under a key derived (HKDF-SHA256)
 * from CHATWIRE_SECRET. Ciphertexts read `v1.<iv>.<data>` in base64url so
 * they are recognisable in the database and never mistaken for plaintext.
 */
export interface SecretBox {
  seal(plaintext: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

const PREFIX = "v1.";

/** Builds the box for one instance secret. */
export async function createSecretBox(secret: string): Promise<SecretBox> {
  const material = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    "HKDF",
    false,
    ["deriveKey"],
  );
  const key = await crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new TextEncoder().encode("chatwire"),
      info: new TextEncoder().encode("secret-box/v1"),
    },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
  return {
    async seal(plaintext) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv },
        key,
        new TextEncoder().encode(plaintext),
      );
      return PREFIX + toBase64Url(iv) + "." + toBase64Url(new Uint8Array(data));
    },
    async open(sealed) {
      const [version, iv, data] = sealed.split(".");
      if (`${version}.` !== PREFIX || !iv || !data) {
        throw new Error("Cannot open secret: not a sealed value");
      }
      try {
        const plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: fromBase64Url(iv) },
          key,
          fromBase64Url(data),
        );
        return new TextDecoder().decode(plain);
      } catch (cause) {
        throw new Error("Cannot open secret: wrong CHATWIRE_SECRET or damaged value", { cause });
      }
    },
  };
}

/** base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
