import type { Server } from "node:http";
import { expect } from "chai";
import express from "express";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, it } from "vitest";
import { streamZip } from "../../server/http/zip-stream";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("zip answers streamed while their files are made", () => {
  let server: Server;
  let base: string;
  let made = 0;

  beforeAll(async () => {
    const app = express();
    app.get("/zip/:count/:failAt", async (request, response) => {
      const count = Number(request.params.count);
      const failAt = Number(request.params.failAt);
      await streamZip(
        response,
        count,
        async (index) => {
          made++;
          // Later files may be ready before earlier ones: the archive keeps the order anyway.
          await sleep(((index * 7) % 5) * 3);
          if (index === failAt) throw new Error("render failed");
          return new TextEncoder().encode(`file ${index} `.repeat(1000));
        },
        (index) => `f-${String(index).padStart(3, "0")}.txt`,
      );
    });
    server = await new Promise((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("holds every file, in order, with its content", async () => {
    const response = await fetch(`${base}/zip/60/-1`);
    expect(response.status).to.equal(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(files)).to.deep.equal(
      Array.from({ length: 60 }, (_, i) => `f-${String(i).padStart(3, "0")}.txt`),
    );
    expect(new TextDecoder().decode(files["f-042.txt"])).to.equal("file 42 ".repeat(1000));
  });

  it("answers an empty zip for no file", async () => {
    const files = unzipSync(new Uint8Array(await (await fetch(`${base}/zip/0/-1`)).arrayBuffer()));
    expect(Object.keys(files)).to.deep.equal([]);
  });

  it("cuts the connection when a file fails midway, rather than end a zip that looks whole", async () => {
    made = 0;
    const response = await fetch(`${base}/zip/40/20`);
    expect(response.status).to.equal(200);
    let error: unknown;
    await response.arrayBuffer().catch((caught: unknown) => (error = caught));
    expect(error).to.be.instanceOf(Error);
    // Files after the failure are not all made: the stream stopped.
    expect(made).to.be.below(40);
    // The server lives on.
    expect((await fetch(`${base}/zip/2/-1`)).status).to.equal(200);
  });
});
