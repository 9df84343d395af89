// A one-line progress bar: `[#####-----]  52% messages 2.6M/5M 41s`. On a terminal the line is
// redrawn in place; in a log (not a TTY) a line is printed at most every 10% and at the end.
import { performance } from 'node:perf_hooks';

const short = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(n % 1e6 === 0 ? 0 : 1)}M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : String(n));

export function progressBar(label, total, { width = 20, unit = '' } = {}) {
  const started = performance.now();
  const tty = process.stdout.isTTY;
  let lastPrintedTenth = -1;
  const render = (done) => {
    const ratio = total ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * width);
    const seconds = Math.round((performance.now() - started) / 1000);
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${label} ${short(done)}/${short(total)}${unit} ${seconds}s`;
  };
  return {
    update(done) {
      if (tty) {
        process.stdout.write(`\r${render(done)}`);
        return;
      }
      const tenth = Math.floor((10 * done) / Math.max(1, total));
      if (tenth > lastPrintedTenth || done >= total) {
        lastPrintedTenth = tenth;
        console.log(render(done));
      }
    },
    /** Ends the line; returns the elapsed seconds. */
    done() {
      const seconds = (performance.now() - started) / 1000;
      if (tty) process.stdout.write(`\r${render(total)}\n`);
      else if (lastPrintedTenth < 10) console.log(render(total));
      return seconds;
    },
  };
}
