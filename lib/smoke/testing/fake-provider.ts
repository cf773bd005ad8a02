// A fake OpenAI-compatible chat-completions server for tests: listens on
// 127.0.0.1 on a free port and answers by the requested model name, so one
// server covers every case. Never a real provider. No path aliases here:
// Playwright specs import this file too.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type TFakeBehaviour = "ok" | "slow" | "ratelimit" | "error" | "malformed" | "nonjson" | "echo";

export type TFakeRequest = {
  method: string;
  url: string;
  authorization: string | null;
  requestId: string | null;
  body: unknown;
};

export type TFakeProvider = {
  baseUrl: string;
  host: string;
  port: number;
  requests: TFakeRequest[];
  close: () => Promise<void>;
};

/** The behaviour a model name asks for: "primary-slow" → slow, "fallback-ok" → ok, … */
export function behaviourOf(model: unknown): TFakeBehaviour {
  const name = typeof model === "string" ? model : "";
  for (const b of ["slow", "ratelimit", "error", "malformed", "nonjson", "echo"] as const) if (name.includes(b)) return b;
  return "ok";
}

export const OK_CONTENT = JSON.stringify({ ok: true, path: "fallback" });

function completion(model: string, content: string) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 1_778_227_200,
    model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 },
  };
}

export async function startFakeProvider(options: { slowMs?: number } = {}): Promise<TFakeProvider> {
  const slowMs = options.slowMs ?? 5_000;
  const requests: TFakeRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        body = null;
      }
      const authorization = req.headers.authorization ?? null;
      const requestId = (req.headers["x-request-id"] as string | undefined) ?? null;
      requests.push({ method: req.method ?? "", url: req.url ?? "", authorization, requestId, body });
      const model = (body as { model?: unknown } | null)?.model;
      const modelName = typeof model === "string" ? model : "unknown";
      const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...(requestId ? { "x-request-id": requestId } : {}), ...headers });
        res.end(JSON.stringify(payload));
      };
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        json(404, { error: { message: "not found" } });
        return;
      }
      switch (behaviourOf(model)) {
        case "ok":
          json(200, completion(modelName, OK_CONTENT));
          return;
        case "slow": {
          const t = setTimeout(() => {
            timers.delete(t);
            if (!res.destroyed) json(200, completion(modelName, OK_CONTENT));
          }, slowMs);
          timers.add(t);
          return;
        }
        case "ratelimit":
          json(429, { error: { message: "Rate limit reached", type: "rate_limit_error" } }, { "retry-after": "1" });
          return;
        case "error":
          json(500, { error: { message: "upstream error", type: "server_error" } });
          return;
        case "malformed":
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"id":"chatcmpl-fake","choices":[{"message":{"content":"{\\"ok\\":tr');
          return;
        case "nonjson":
          res.writeHead(200, { "content-type": "text/html" });
          res.end("<html><body>Gateway says hello</body></html>");
          return;
        case "echo":
          // A hostile server: sends the credentials it received back everywhere it can.
          json(200, { ...completion(authorization ?? "none", `{"auth":${JSON.stringify(authorization)}}`), [authorization ?? "k"]: 1 }, {
            "x-request-id": authorization ?? "none",
          });
          return;
      }
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
