/**
 * Part of `npm run build`, after tsc: `threadlab tui`'s command module is rewritten as one
 * file holding the UI (dist/src/ui), React and ink with their dependencies, in React's
 * production build. Loading them as Node loads packages took most of the first frame: ink
 * alone is ~480 modules (es-toolkit/compat's barrel is 415 of them, for one `throttle`),
 * ~0.65 CPU-s of resolving, reading and compiling before anything was drawn.
 *
 * Everything else stays a module of its own, imported from the bundle by its relative path:
 * the store, extraction and the simulator hash their own source files for their cache
 * versions (src/extract/version.ts, src/sim/version.ts) and find data/ and worker files by
 * import.meta.url, which must keep naming the file they are in. Without this step (a plain
 * `tsc` build) the command works the same, only slower to start.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(dist, 'cli', 'commands', 'tui.js');
const ui = path.join(dist, 'src', 'ui') + path.sep;

/** Bundle the entry, the UI and packages; import any other module of ours from where it lies. */
const ownModulesOutside: Plugin = {
  name: 'own-modules-outside',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.importer.includes(`${path.sep}node_modules${path.sep}`)) {
        // ink imports its React DevTools hook only when DEV=true; that package is not installed.
        if (args.path === './devtools.js') return { path: 'react-devtools-core', external: true };
        return undefined;
      }
      const target = path.resolve(args.resolveDir, args.path);
      if (target === entry || target.startsWith(ui)) return undefined;
      const relative = path.relative(path.dirname(entry), target).split(path.sep).join('/');
      return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
    });
  },
};

await build({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // better-sqlite3 is a native addon; only the store (outside the bundle) imports it anyway.
  external: ['better-sqlite3'],
  define: { 'process.env.NODE_ENV': '"production"' },
  // React's CommonJS files call require() for node built-ins: give the ES module one.
  banner: {
    js: "import { createRequire as __threadlabRequire } from 'node:module'; const require = __threadlabRequire(import.meta.url);",
  },
  plugins: [ownModulesOutside],
  logLevel: 'warning',
});
