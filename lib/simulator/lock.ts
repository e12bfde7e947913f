/**
 * One simulator per data folder. Two simulators writing the same state file (say the
 * portal's embedded one and `sectigo serve` on the same DATA_DIR) would overwrite each
 * other's batches, so the second one refuses to start with a message saying which process
 * holds the folder.
 *
 * Rule: the lock is a file holding the owner's pid, created exclusively. A lock left by a
 * process that no longer runs (a crash, kill -9) is taken over; so is one naming this very
 * process when this process holds no simulator on that folder (a restarted container
 * often gets the same pid).
 */
import "server-only";
import { promises as fs } from "node:fs";
import path from "node:path";
import { SimulatorError } from "./errors";

const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function inUse(dir: string, owner: string): SimulatorError {
  return new SimulatorError(
    "DATA_DIR_IN_USE",
    500,
    `Another simulator (${owner}) is using ${dir}; stop it or give this one another data folder (DATA_DIR).`,
  );
}

export async function acquireDirLock(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, "simulator.lock");
  if (held.has(file)) throw inUse(dir, "in this process");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(file, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
      held.add(file);
      return async () => {
        held.delete(file);
        await fs.rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const pid = Number((await fs.readFile(file, "utf8").catch(() => "")).trim());
    const stale = !Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid);
    if (!stale) throw inUse(dir, `process ${pid}`);
    await fs.rm(file, { force: true });
  }
  throw inUse(dir, "another process that keeps re-creating its lock");
}
