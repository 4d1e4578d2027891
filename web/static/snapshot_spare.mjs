// A spare Python restored from a memory snapshot instead of booted (issue 33). A trusted
// maker boots Pyodide with `_makeSnapshot`, prepares the problem as a spare does and takes
// the snapshot (`makeSpareSnapshot`); a restore (`restoreSpare`) starts from it. What the
// snapshot does not hold is carried beside it: the file system (the wheels, the runtime
// package and the problem's folder), the dynamic linker's handles, and the shared libraries,
// instantiated first in both (snapshot_libs.mjs). Pyodide's snapshot API is private in 0.28
// (`_makeSnapshot`, `makeMemorySnapshot`, `_loadSnapshot`): the checks below fail loudly when
// the vendored version stops offering it, and the page then boots normally.
// Shared by the page's worker (bundled) and web/node/snapshot_spare.mjs.
import { linkerHandles, preloadStep, restoreLinkerHandles, withPreRun } from "./snapshot_libs.mjs";

/** What every spare snapshot carries (and a restore checks): bump when its shape changes. */
export const SNAPSHOT_FORMAT = 1;

/** The folders of the file system a restored spare needs back. */
export function snapshotRoots(sitePackages, home) {
  return [sitePackages, home, "/usr/lib"];
}

/** Every file under `roots` in Emscripten's `FS`: [{path, bytes}]. Libraries are included. */
export function fileTree(FS, roots) {
  const files = [];
  const walk = (folder) => {
    for (const name of FS.readdir(folder)) {
      if (name === "." || name === "..") continue;
      const path = `${folder}/${name}`;
      const { mode } = FS.stat(path);
      if (FS.isDir(mode)) walk(path);
      else if (FS.isFile(mode)) files.push({ path, bytes: FS.readFile(path) });
    }
  };
  for (const root of roots) {
    if (FS.analyzePath(root).exists) walk(root);
  }
  return files;
}

/** Write `files` (from fileTree) into `FS`. */
export function writeTree(FS, files) {
  for (const { path, bytes } of files) {
    FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    FS.writeFile(path, bytes);
  }
}

/**
 * Start Pyodide through `loadPyodide(options)` with `libraries` (snapshot_libs.mjs
 * sharedLibraries) instantiated before Python: `scope` is the global that holds Pyodide's
 * `_createPyodideModule` (pyodide.asm.js must already be loaded into it). The hook is
 * removed again once Pyodide has started.
 */
export async function startWithLibraries(scope, loadPyodide, options, libraries) {
  const original = scope._createPyodideModule;
  scope._createPyodideModule = withPreRun(original, preloadStep(libraries));
  try {
    return await loadPyodide(options);
  } finally {
    scope._createPyodideModule = original;
  }
}

/**
 * The snapshot of `pyodide` (booted by startWithLibraries with `_makeSnapshot: true`, the
 * problem prepared, its session handed to exercisekit.runtime.snapshot.keep, nothing
 * untrusted run): {format, memory, files, handles}.
 */
export function takeSnapshot(pyodide, roots, libraries) {
  if (typeof pyodide.makeMemorySnapshot !== "function") throw new Error("this Pyodide cannot make memory snapshots");
  const memory = pyodide.makeMemorySnapshot();
  return { format: SNAPSHOT_FORMAT, memory, files: fileTree(pyodide.FS, roots), handles: linkerHandles(pyodide._module),
           libraries: libraries.map(({ path }) => path), modules: libraries.map(({ module }) => module || null) };
}

/** The shared libraries `snapshot` was made with, in their order, from its own files, with
 *  the maker's compiled modules when it sent them (a worker then compiles none). */
export function librariesOf(snapshot) {
  const byPath = new Map(snapshot.files.map(({ path, bytes }) => [path, bytes]));
  return snapshot.libraries.map((path, i) => {
    if (!byPath.has(path)) throw new Error(`the snapshot lacks its library ${path}`);
    return { path, bytes: byPath.get(path), module: (snapshot.modules && snapshot.modules[i]) || null };
  });
}

/** Whether `value` has a spare snapshot's shape (the page checks what its maker posted). */
export function isSpareSnapshot(value) {
  return Boolean(value) && value.format === SNAPSHOT_FORMAT && value.memory instanceof Uint8Array
    && Array.isArray(value.files) && value.files.every((f) => typeof f.path === "string" && f.bytes instanceof Uint8Array)
    && Array.isArray(value.handles) && Array.isArray(value.libraries)
    && value.libraries.every((path) => typeof path === "string")
    && (value.modules === undefined || (Array.isArray(value.modules) && value.modules.length === value.libraries.length
        && value.modules.every((module) => module === null || module instanceof WebAssembly.Module)));
}

/**
 * A Pyodide restored from `snapshot` (takeSnapshot's), its shared libraries preloaded from
 * its own files, its file system and linker put back:
 * returns {pyodide, session}, the session the maker kept, reseeded. Throws on anything that
 * does not fit (another format, another Pyodide build, a library not preloaded): the caller
 * then boots normally.
 */
export async function restoreSpare(scope, loadPyodide, options, snapshot) {
  if (!isSpareSnapshot(snapshot)) throw new Error("not a spare snapshot of this version");
  // Pyodide reads the snapshot's header as 32-bit words: a view at an unaligned offset is copied.
  const memory = snapshot.memory.byteOffset % 4 ? snapshot.memory.slice() : snapshot.memory;
  const pyodide = await startWithLibraries(scope, loadPyodide, { ...options, _loadSnapshot: memory },
                                           librariesOf(snapshot));
  writeTree(pyodide.FS, snapshot.files);
  restoreLinkerHandles(pyodide._module, snapshot.handles);
  const session = pyodide.pyimport("exercisekit.runtime.snapshot").restored();
  return { pyodide, session };
}
