import type { IncomingMessage } from "node:http";
import { DRAIN_LIMIT, MAX_FORM_ENTRIES } from "./limits";

export type BodyResult = { ok: true; body: Buffer; contentType: string } | { ok: false; status: 400 | 413 };

const FORM = "application/x-www-form-urlencoded";
const MULTIPART = "multipart/form-data";
// Field names Kaiku's forms use. conform reads `a.b` and `a[9]` as paths (`tags[99999999]` would make a list that
// long for zod to walk), so anything else did not come from one of its forms.
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
// A plain word that conform drops without a word (its path parser refuses it), so a strict schema never sees it.
const isFieldName = (name: string) => FIELD_NAME.test(name) && name !== "constructor";
// conform's own field: the browser sends `{"type":"validate","payload":{"name":"emails"}}` when a form without
// client-side validation asks the server to validate a field. conform JSON-parses it and throws on anything
// unexpected, and list operations (which Kaiku's forms do not use) walk paths, so only that one shape passes.
// `__state__` (list state) is never sent by Kaiku's forms.
const INTENT = "__intent__";

function isValidateIntent(value: FormDataEntryValue): boolean {
  if (typeof value !== "string" || value.length > 500) return false;
  try {
    const intent = JSON.parse(value) as unknown;
    if (typeof intent !== "object" || intent === null || Array.isArray(intent)) return false;
    const { type, payload, ...rest } = intent as Record<string, unknown>;
    if (type !== "validate" || Object.keys(rest).length > 0 || typeof payload !== "object" || payload === null || Array.isArray(payload)) return false;
    const { name, ...other } = payload as Record<string, unknown>;
    return Object.keys(other).length === 0 && (name === undefined || (typeof name === "string" && isFieldName(name)));
  } catch {
    return false;
  }
}

/**
 * Reads a request body for Remix, or says why it is refused. Bytes are counted as they arrive, so a chunked body
 * without Content-Length is stopped at the limit too; a refused body is read to its end (up to DRAIN_LIMIT) and
 * thrown away, so the client gets the answer instead of a reset connection, while memory stays flat.
 */
export async function readForm(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = req.headers["content-length"];
  const tooLarge = declared !== undefined && Number(declared) > limit;
  const read = await readUpTo(req, tooLarge ? 0 : limit);
  if (!read.ok) return { ok: false, status: read.status };
  const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "") return { ok: false, status: 400 }; // Kaiku's forms are never compressed
  return checkForm(req.headers["content-type"], read.body);
}

function readUpTo(req: IncomingMessage, limit: number): Promise<{ ok: true; body: Buffer } | { ok: false; status: 400 | 413 }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    let settled = false;
    const settle = (result: { ok: true; body: Buffer } | { ok: false; status: 400 | 413 }) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > DRAIN_LIMIT) {
          // Past this the sender is not a browser with a form; stop reading and let the connection go.
          settle({ ok: false, status: 413 });
          req.destroy();
        }
        return;
      }
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => settle(over ? { ok: false, status: 413 } : { ok: true, body: Buffer.concat(chunks, size) }));
    req.on("error", () => settle({ ok: false, status: over ? 413 : 400 }));
    req.on("close", () => settle({ ok: false, status: over ? 413 : 400 }));
  });
}

/** Only what Kaiku's forms send: URL-encoded or multipart form data, well formed, with a bounded number of fields. */
export async function checkForm(contentTypeHeader: string | undefined, body: Buffer): Promise<BodyResult> {
  const contentType = contentTypeHeader?.trim() ?? "";
  const mime = contentType.split(";")[0].trim().toLowerCase();
  // An empty POST (a bare button form, a mail client's one-click request without a body) is an empty form.
  if (body.length === 0 && (mime === "" || mime === FORM || mime === "text/plain")) return { ok: true, body, contentType: FORM };
  if (mime !== FORM && mime !== MULTIPART) return { ok: false, status: 400 };
  if (mime === FORM) {
    if (count(body, "&") + 1 > MAX_FORM_ENTRIES) return { ok: false, status: 413 };
    if (!isWellEncoded(body)) return { ok: false, status: 400 };
  } else {
    const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    if (!boundary) return { ok: false, status: 400 };
    if (count(body, `--${boundary[1] ?? boundary[2]}`) - 1 > MAX_FORM_ENTRIES) return { ok: false, status: 413 };
  }
  let form: FormData;
  try {
    form = await new Response(body as unknown as BodyInit, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return { ok: false, status: 400 }; // broken multipart: no closing boundary, a part without a name, ...
  }
  for (const [name, value] of form) {
    if (name === INTENT ? !isValidateIntent(value) : !isFieldName(name)) return { ok: false, status: 400 };
  }
  return { ok: true, body, contentType };
}

const HEX = (byte: number | undefined) =>
  byte === undefined ? -1 : byte >= 0x30 && byte <= 0x39 ? byte - 0x30 : (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66 ? (byte | 0x20) - 0x57 : -1;

/**
 * A browser percent-encodes a form's UTF-8. URL decoding never fails: "%zz" stays as typed and "%E0%A4" (half a
 * character) or "%C0%AF" becomes U+FFFD, so such a body would be stored as something nobody sent. It came from
 * no form, so it is refused. (Multipart is not checked: a CSV file in it may be in any encoding.)
 */
function isWellEncoded(body: Buffer): boolean {
  const bytes = Buffer.allocUnsafe(body.length);
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== 0x25) {
      bytes[n++] = body[i];
      continue;
    }
    const high = HEX(body[i + 1]);
    const low = HEX(body[i + 2]);
    if (high < 0 || low < 0) return false;
    bytes[n++] = high * 16 + low;
    i += 2;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, n));
    return true;
  } catch {
    return false;
  }
}

function count(haystack: Buffer, needle: string): number {
  const bytes = Buffer.from(needle);
  let n = 0;
  for (let at = haystack.indexOf(bytes); at !== -1 && n <= MAX_FORM_ENTRIES + 1; at = haystack.indexOf(bytes, at + bytes.length)) n++;
  return n;
}
