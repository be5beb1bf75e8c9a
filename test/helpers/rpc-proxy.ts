import { connect, createServer } from "node:net";
import type { Server, Socket } from "node:net";
import { freePort } from "./chain";

/** A TCP relay in front of a chain node: cutting it makes the node unreachable, as an outage would. */
export interface RpcProxy {
  url: string;
  /** Refuses new connections and drops open ones, until {@link RpcProxy.restore}. */
  cut(): Promise<void>;
  /**
   * Keeps accepting connections and requests but answers nothing, as an overloaded or hung node
   * does, until {@link RpcProxy.restore}.
   */
  stall(): Promise<void>;
  restore(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a relay on a free loopback port to the node at `target` (an http://host:port URL). */
export async function startRpcProxy(target: string): Promise<RpcProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let stalled = false;

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const track = (socket: Socket): void => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => undefined);
      };
      const relay = createServer((client) => {
        track(client);
        // A stalled node reads the request and never answers.
        if (stalled) return void client.resume();
        const upstream = connect(Number(targetPort), hostname);
        track(upstream);
        client.pipe(upstream).pipe(client);
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
      });
      relay.once("error", reject);
      relay.listen(port, "127.0.0.1", () => {
        server = relay;
        resolve();
      });
    });

  const close = async (): Promise<void> => {
    const closing = server;
    server = undefined;
    if (!closing) return;
    await new Promise((resolve) => {
      closing.close(resolve);
      for (const socket of sockets) socket.destroy();
    });
  };

  // Open connections are dropped when the node stalls: a request sent on one would still be answered.
  const stall = async (): Promise<void> => {
    stalled = true;
    for (const socket of sockets) socket.destroy();
  };
  const restore = async (): Promise<void> => {
    if (stalled) {
      stalled = false;
      for (const socket of sockets) socket.destroy();
    } else await listen();
  };

  await listen();
  return { url: `http://127.0.0.1:${port}`, cut: close, stall, restore, stop: close };
}
