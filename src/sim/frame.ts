/**
 * The abstract state of one physical page (SIMULATOR.md section 1), packed in a
 * small integer so that runs of pages in the same state share one extent.
 *
 * Versions and owner epochs are abstracted to the relations the safety
 * properties need (an unbounded version counter would make every page distinct):
 * - CACHE: what the write-back CPU cache holds: nothing, a clean or a dirty copy.
 * - MEM_OLD: memory still holds data of an EARLIER OWNER EPOCH; the current
 *   owner's data (the host's zeroes) sits dirty in the cache. Only a write-back
 *   clears it; a device write is assumed partial, so it does not.
 * - STALE: the cache holds a clean copy older than memory (a No-Snoop write
 *   changed memory under it): a later CPU read would see a value change without
 *   a write once the line is dropped (S2).
 * - PINS: how many iopt_pages / vfio_dma pin this frame (0 = the host owns it and
 *   may migrate it).
 */
import { UserError } from '../errors.js';

export const CACHE_INVALID = 0;
export const CACHE_CLEAN = 1;
export const CACHE_DIRTY = 2;
const CACHE_MASK = 3;
export const MEM_OLD = 4;
export const STALE = 8;
export const PIN_UNIT = 16;
/** Pins a frame can count in its 4 bits: far above what a real VMM nests (framePinned enforces it). */
export const MAX_PINS = 15;

export const cacheOf = (f: number): number => f & CACHE_MASK;
export const pinsOf = (f: number): number => f >> 4;
export const dataOf = (f: number): number => f & 15;

/**
 * One more pin of the frame. Past MAX_PINS the count would carry out of its 4 bits (PageStore
 * keeps frames in bytes): the page would read as unpinned and the host could take it back.
 */
export function framePinned(f: number): number {
  if (pinsOf(f) >= MAX_PINS) {
    throw new UserError(
      `a page is pinned more than ${MAX_PINS} times at once (the model counts at most ${MAX_PINS} pins per page)`,
    );
  }
  return f + PIN_UNIT;
}
const withData = (f: number, data: number): number => (f & ~15) | data;

/** A fresh owner epoch: the host zeroes the page through the cache (or copies it on migration). */
export const frameZeroedByHost = (f: number): number => withData(f, CACHE_DIRTY | MEM_OLD);

/** Clean + invalidate: a dirty line is written back, every line dropped. */
export const frameFlushed = (f: number): number => withData(f, CACHE_INVALID);

/** CPU read or speculative prefetch: an absent line comes in clean from memory. */
export function frameCpuRead(f: number): number {
  return cacheOf(f) === CACHE_INVALID ? withData(f, CACHE_CLEAN) : f;
}

/** CPU write: the line is the CPU's now (dirty, no longer a stale clean copy). */
export function frameCpuWrite(f: number): number {
  return withData(f, CACHE_DIRTY | (f & MEM_OLD));
}

/** Snooped DMA write updates cache and memory: a stale clean copy becomes current. */
export function frameCoherentWrite(f: number): number {
  return cacheOf(f) === CACHE_CLEAN ? withData(f, CACHE_CLEAN) : f;
}

/** No-Snoop DMA write changes memory under whatever the cache holds. */
export function frameNoSnoopWrite(f: number): number {
  return cacheOf(f) === CACHE_CLEAN ? f | STALE : f;
}

/** S1: a No-Snoop read of this frame returns a previous owner's data. */
export const frameLeaksOnNoSnoopRead = (f: number): boolean => (f & MEM_OLD) !== 0;

/** S2: handing this frame back to the host leaves a clean copy that disagrees with memory. */
export const frameUnstableForHost = (f: number): boolean => cacheOf(f) === CACHE_CLEAN && (f & STALE) !== 0;

export const frameIsDirty = (f: number): boolean => cacheOf(f) === CACHE_DIRTY;
