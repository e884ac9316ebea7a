// Issue 11: Finnish pages carried NUL bytes. The control test shows React 18.3's Node renderer still writes
// them (so the repair is needed, and a React upgrade that fixes it makes this test say so); the repair gives
// back exactly the bytes the web-streams renderer writes, which has no such gap.
import { Writable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { withoutNulBytes } from "~/http/document-bytes.server";

// Many short strings with multi-byte characters, as a page of Finnish labels is: one of them meets a view's end.
const page = () =>
  createElement(
    "ul",
    null,
    Array.from({ length: 400 }, (_, i) => createElement("li", { key: i }, `Kirjaudu sisään ${i} – äö`)),
  );

function renderNode(): Promise<Buffer<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        resolve(Buffer.concat(chunks));
        done();
      },
    });
    const { pipe } = renderToPipeableStream(page(), { onAllReady: () => pipe(sink), onShellError: reject });
  });
}

// The web-streams build (no type entry of its own; its API is react-dom/server's).
const webBuild = "react-dom/server.browser";

async function renderWeb(): Promise<Buffer> {
  const { renderToReadableStream } = (await import(webBuild)) as { renderToReadableStream: (typeof import("react-dom/server"))["renderToReadableStream"] };
  const stream = await renderToReadableStream(page());
  await stream.allReady;
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("document bytes", () => {
  it("control: React's Node renderer leaves NUL bytes in a page of Finnish text", async () => {
    expect((await renderNode()).includes(0)).toBe(true);
  });

  it("without its NUL bytes the document is exactly what React meant, and valid UTF-8", async () => {
    const repaired = withoutNulBytes(Buffer.from(await renderNode()));
    expect(repaired.includes(0)).toBe(false);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(repaired)).not.toThrow();
    expect(repaired.equals(await renderWeb())).toBe(true);
  });

  it("leaves a document without NUL bytes as it is", () => {
    const body = Buffer.from("<p>Kirjaudu sisään</p>");
    expect(withoutNulBytes(body)).toBe(body);
    expect(withoutNulBytes(Buffer.from([0, 65, 0, 0, 66, 0])).toString()).toBe("AB");
  });
});
