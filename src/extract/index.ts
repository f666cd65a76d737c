/**
 * Entry point of extraction: one thread in, its items and options out.
 * PLACEHOLDER until the extraction work lands: returns nothing.
 */
import type { StoredThread } from '../store/types.js';
import type { Extraction } from './types.js';

export function extractThread(thread: StoredThread): Extraction {
  void thread;
  return { items: [], options: [] };
}
