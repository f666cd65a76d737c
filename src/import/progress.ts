/**
 * What an import reports while it runs, for its caller to show: the pipeline never draws
 * on the terminal itself (the CLI's progress line is cli/progress.ts).
 */
export type ImportProgress =
  /** Storing: bytes of the inputs read of their total (compressed bytes for .gz/.xz), messages read. */
  | { readonly kind: 'store'; readonly bytesDone: number; readonly bytesTotal: number; readonly messages: number }
  /** A threading step begins: the `done`-th of `total` (counting from 0), over `messages` messages. */
  | {
      readonly kind: 'thread';
      readonly step: string;
      readonly done: number;
      readonly total: number;
      readonly messages: number;
    }
  /** A phase ended: whatever was shown for it can go. */
  | { readonly kind: 'idle' };

/** How threading reports its steps (an ImportProgress 'thread' event, unpacked). */
export type StageReport = (step: string, done: number, total: number, messages: number) => void;
