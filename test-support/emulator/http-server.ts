/**
 * The HTTP transport: listens on 127.0.0.1, hands each request (with its whole body) to a handler, and
 * writes the handler's answer, or destroys the connection without one when the handler says "drop".
 * It knows nothing about Lightsail.
 */
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A received HTTP request. */
export interface HttpCall {
  /** The HTTP method. */
  readonly method: string;
  /** The request path (with query, if any). */
  readonly path: string;
  /** The request headers (names in lower case, as Node gives them). */
  readonly headers: IncomingHttpHeaders;
  /** The request body as text. */
  readonly body: string;
}

/** What to do with a request. */
export type HttpReply =
  | { readonly kind: 'answer'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string }
  | { readonly kind: 'drop' };

/** Turns a request into a reply. */
export type HttpCallHandler = (call: HttpCall) => Promise<HttpReply>;

/** A running HTTP server. */
export class HttpTransport {
  /**
   * Starts listening.
   *
   * @param handler what answers each request.
   * @param port the port; 0 (default) picks a free one.
   */
  public static async listen(handler: HttpCallHandler, port = 0): Promise<HttpTransport> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const call: HttpCall = {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        handler(call).then((reply) => {
          if (reply.kind === 'drop') {
            // No answer at all: the client sees the socket close (ECONNRESET / "socket hang up").
            req.socket.destroy();
            return;
          }
          res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
          res.end(reply.body);
        }, (error: unknown) => {
          // The handler turns every failure into an answer; reaching this is a bug in the emulator.
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return new HttpTransport(server);
  }

  /** The port listened on. */
  public readonly port: number;

  private constructor(private readonly server: Server) {
    this.port = (server.address() as AddressInfo).port;
  }

  /** Stops listening and closes every open connection (SDK clients keep connections alive). */
  public async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
