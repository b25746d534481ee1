// Progress of a bulk run on stderr: a redrawn bar with rate and ETA on a terminal, plain
// periodic lines otherwise (logs, CI), so that output stays readable in both.

const BAR_WIDTH = 24;

/**
 * Starts reporting `state()` (`{ finished, failed, skipped, limit, max, paused }`) against
 * `total` rows; `stop()` draws the last state and ends the line.
 */
export function startProgress(output, total, state) {
  const started = Date.now();
  const tty = output.isTTY;
  const render = () => {
    const s = state();
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? s.finished / elapsed : 0;
    const left = total - s.finished;
    const eta = rate > 0 ? formatSeconds(left / rate) : '?';
    const pct = total ? Math.floor((s.finished / total) * 100) : 100;
    const paused = s.paused ? ' (paused by 429)' : '';
    if (!tty) {
      return `progress: ${s.finished}/${total} (${pct}%), ${rate.toFixed(1)} rows/s, ETA ${eta}, ${s.failed} failed, ${s.skipped} skipped, concurrency ${s.limit}/${s.max}${paused}\n`;
    }
    const filled = total ? Math.round((s.finished / total) * BAR_WIDTH) : BAR_WIDTH;
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const line = `${bar} ${pct}% ${s.finished}/${total} ${rate.toFixed(0)}/s ETA ${eta} · ${s.failed} failed · ${s.skipped} skipped · x${s.limit}${paused}`;
    return `\r${line.slice(0, output.columns - 1).padEnd(output.columns - 1)}`;
  };
  const timer = setInterval(() => output.err(render()), tty ? 200 : 2000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      output.err(tty ? `${render()}\n` : render());
    },
  };
}

function formatSeconds(s) {
  if (!Number.isFinite(s)) return '?';
  const total = Math.ceil(s);
  if (total < 60) return `${total}s`;
  const m = Math.floor(total / 60);
  return m < 60 ? `${m}m${String(total % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
