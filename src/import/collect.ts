/**
 * A full garbage collection on request. Re-threading a list archive keeps ~70 MB live but
 * makes several times that in short-lived garbage (layouts, candidate lists, row copies),
 * and V8 lets old space grow to a multiple of the live set before it collects: on the
 * iommu bench that, not live data, set the import's peak RSS. Collecting between the
 * re-thread's stages costs a few tens of ms each. `--expose-gc` set at run time exposes
 * `gc` to new contexts only, hence the one-line context.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const fn: unknown = vm.runInNewContext('gc');
      gc = typeof fn === 'function' ? () => void (fn as () => unknown)() : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
