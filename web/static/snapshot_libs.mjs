// The shared libraries a memory snapshot depends on (issue 33). A snapshot is Pyodide's wasm
// linear memory and nothing else: a shared library (numpy's `.so` files) lives partly in that
// memory and partly outside it (its compiled code, its slots in the function table, the
// dynamic linker's records). So every such library is instantiated before Python starts, in
// one fixed order, both in the run that makes the snapshot and in every restore: then it
// lands at the same addresses, and the memory's pointers into it stay right. Pure functions
// over bytes and Emscripten's Module, shared by the page's worker (worker.js, bundled) and
// the Node scripts (web/node/), tested in tests/legs/test_snapshot_spare.py.

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** The entries of the zip archive `bytes` (a wheel): [{name, method, offset, size}]. */
export function zipEntries(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== END_OF_DIRECTORY) end -= 1;
  if (end < 0) throw new Error("not a zip archive (no end of central directory)");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i += 1) {
    if (view.getUint32(at, true) !== DIRECTORY_ENTRY) throw new Error("corrupt zip central directory");
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    entries.push({ name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
                   method: view.getUint16(at + 10, true), compressedSize: view.getUint32(at + 20, true),
                   size: view.getUint32(at + 24, true), offset: view.getUint32(at + 42, true) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function inflateRaw(data) {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The content of `entry` (from zipEntries) in `bytes`. */
export async function entryBytes(bytes, entry) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(entry.offset, true) !== LOCAL_HEADER) throw new Error(`corrupt zip entry ${entry.name}`);
  const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === STORED) return data.slice();
  if (entry.method === DEFLATED) return inflateRaw(data);
  throw new Error(`zip entry ${entry.name} uses compression method ${entry.method}`);
}

/**
 * The shared libraries of `wheels` ([{bytes, installDir}]), in the one order every snapshot
 * run and restore loads them: [{path, bytes}], `path` the absolute path Python's importer
 * will pass to dlopen for it (the wheel unpacked into `installDir`).
 */
export async function sharedLibraries(wheels) {
  const libraries = [];
  for (const { bytes, installDir } of wheels) {
    for (const entry of zipEntries(bytes)) {
      if (entry.name.endsWith(".so")) libraries.push({ path: `${installDir}/${entry.name}`, entry, bytes });
    }
  }
  libraries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return Promise.all(libraries.map(async ({ path, entry, bytes }) => ({ path, bytes: await entryBytes(bytes, entry) })));
}

/** `libraries` with each one's compiled WebAssembly.Module (`module`), compiled off the thread. */
export async function compileLibraries(libraries) {
  return Promise.all(libraries.map(async (library) => ({ ...library, module: await WebAssembly.compile(library.bytes) })));
}

/**
 * A preRun step for Emscripten's Module: write each library to its path and load it, as
 * Python's import would (local symbols, never unloaded), before Python starts: the dynamic
 * linker then records it under that path, and the import's dlopen finds it loaded.
 */
export function preloadStep(libraries) {
  return (Module) => {
    for (const { path } of libraries) {
      Module.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    }
    for (const { path, bytes, module } of libraries) {
      Module.FS.writeFile(path, bytes);
      // loadDynamicLibrary would look for the file only once the runtime is up: this is the
      // part of it that instantiates, and the record it keeps (Emscripten's newDSO).
      const flags = { loadAsync: false, global: false, nodelete: true, allowUndefined: true };
      // A library compiled once (the maker's, posted with the snapshot) is only instantiated.
      const exports = Module.loadWebAssemblyModule(module || bytes, flags, path, {}, 0);
      Module.LDSO.loadedLibsByName[path] = { refcount: Infinity, name: path, exports, global: false };
    }
  };
}

/**
 * `create` (Pyodide's global `_createPyodideModule`) with `step(Module)` added as the last
 * preRun step: loadPyodide has no option for one. Checks the hook's assumptions loudly.
 */
export function withPreRun(create, step) {
  if (typeof create !== "function") throw new Error("Pyodide's _createPyodideModule is missing: another Pyodide?");
  return (settings) => {
    const steps = settings.preRun === undefined ? [] : [settings.preRun].flat();
    settings.preRun = [...steps, () => step(settings)];
    return create(settings);
  };
}

/** The dynamic linker's handles (dlopen's answers, kept outside linear memory): [[handle, path]]. */
export function linkerHandles(Module) {
  return Object.entries(Module.LDSO.loadedLibsByHandle)
    .filter(([, dso]) => dso && typeof dso.name === "string")
    .map(([handle, dso]) => [Number(handle), dso.name]);
}

/** Put `handles` (from linkerHandles) back after a restore; throws on a library not preloaded. */
export function restoreLinkerHandles(Module, handles) {
  for (const [handle, name] of handles) {
    const dso = Module.LDSO.loadedLibsByName[name];
    if (!dso) throw new Error(`the snapshot needs ${name}, which was not preloaded`);
    Module.LDSO.loadedLibsByHandle[handle] = dso;
  }
}
