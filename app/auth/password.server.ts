import { hash, verify } from "@node-rs/argon2";

// argon2id, m=19456 KiB, t=2, p=1 (OWASP's recommended minimum). 2 = Algorithm.Argon2id (a const enum).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize("NFKC"), OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password.normalize("NFKC"));
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check, so an unknown email cannot be told apart by timing. */
export async function dummyVerify(password: string): Promise<false> {
  dummy ??= hashPassword("kaiku-dummy-password-for-timing");
  await verifyPassword(await dummy, password);
  return false;
}
