// One run at a time per state directory: two cron jobs writing the same snapshot journal would
// interleave its lines. The lock is a file holding the owner's process id, made with O_EXCL; a
// lock left by a process that no longer exists (killed, machine restarted) is taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class StateDirBusy extends Error {
  constructor(dir: string, pid: number) {
    super(
      `Another run (process ${pid}) is using the state directory ${dir}. Wait for it to finish; if no run is going, delete ${join(dir, 'lock')} and try again.`,
    );
    this.name = 'StateDirBusy';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, as another user's process.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's lock, or throws StateDirBusy; the returned function gives it back. */
export function lockStateDir(dir: string): () => void {
  const path = join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
        } catch {
          // Already gone: nothing to give back.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new StateDirBusy(dir, pid);
      unlinkSync(path);
    }
  }
  throw new StateDirBusy(dir, 0);
}
