import { connect, createServer } from "node:net";
import type { Server, Socket } from "node:net";
import { freePort } from "./chain";

/** A TCP relay in front of a chain node: cutting it makes the node unreachable, as an outage would. */
export interface RpcProxy {
  url: string;
  /** Refuses new connections and drops open ones, until {@link RpcProxy.restore}. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a relay on a free loopback port to the node at `target` (an http://host:port URL). */
export async function startRpcProxy(target: string): Promise<RpcProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const relay = createServer((client) => {
        const upstream = connect(Number(targetPort), hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => undefined);
        }
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

  await listen();
  return { url: `http://127.0.0.1:${port}`, cut: close, restore: listen, stop: close };
}
