/** A one-line progress bar on stderr, redrawn at most ten times a second; only when stderr is a terminal. */
export interface Progress {
  update(bytesDone: number, bytesTotal: number, messages: number): void;
  done(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY !== true) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(bytesDone, bytesTotal, messages) {
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      const width = 30;
      const frac = bytesTotal > 0 ? Math.min(1, bytesDone / bytesTotal) : 0;
      const fill = Math.round(frac * width);
      const secs = Math.max(0.001, (now - started) / 1000);
      const line =
        `[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}% ` +
        `${messages.toLocaleString('en')} msgs, ${Math.round(messages / secs).toLocaleString('en')} msg/s`;
      stream.write(`\r${line}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
