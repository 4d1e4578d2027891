// Declarations for the type check of the workers' JavaScript (`tsc -p tsconfig.worker.json`,
// run by `make lint`); nothing here ships.

/** Defined by pyodide.js, which worker.js loads with importScripts. */
declare function loadPyodide(options: {
  indexURL: string;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}): Promise<any>;
