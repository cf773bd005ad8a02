// Preloaded into Prisma CLI processes: the WASM schema engine arms a long
// timer it never clears, which keeps the process alive ~10 s after its work.
const originalSetTimeout = global.setTimeout;
global.setTimeout = function patchedSetTimeout(fn, ms, ...args) {
  const timer = originalSetTimeout(fn, ms, ...args);
  if (typeof ms === "number" && ms >= 5000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
