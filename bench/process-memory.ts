// Memory figures of the current process, shared by the benchmarks.
import { readFile } from "node:fs/promises";

/** VmHWM from /proc/self/status: the kernel's high-water mark of this process's RSS (null off Linux). */
export async function vmHwmBytes(): Promise<number | null> {
  const m = /VmHWM:\s+(\d+) kB/.exec(await readFile("/proc/self/status", "utf8").catch(() => ""));
  return m ? Number(m[1]) * 1024 : null;
}
