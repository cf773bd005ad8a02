// The client address for throttling. Behind a reverse proxy the first
// x-forwarded-for hop is the client; directly, Next sets it from the socket.
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const first = forwarded?.split(",")[0]?.trim();
  if (first) return first.slice(0, 64);
  return headers.get("x-real-ip")?.trim().slice(0, 64) || "unknown";
}
