// What the Node scripts share: read the JSON request on stdin, report any error by its
// message (Node's default prints a line of minified Pyodide first), boot the vendored
// Pyodide with the request's wheels, its own output kept off stdout.
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";

const fail = (error) => { console.error(String((error && error.message) || error)); process.exit(1); };

/** The request on stdin, and Pyodide booted from `request.pyodideDir` with `request.wheels`. */
export async function startPyodide() {
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  const request = JSON.parse(readFileSync(0, "utf8"));
  const { loadPyodide } = await import(pathToFileURL(request.pyodideDir + "/pyodide.mjs").href);
  const quiet = () => {};
  const pyodide = await loadPyodide({ indexURL: request.pyodideDir + "/", stdout: quiet, stderr: quiet });
  // Installed as the page's worker installs them (web/static/worker.js installWheels): the
  // wheel's files unpacked into site-packages, not loadPackage, so check proves the page's way.
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  for (const wheel of request.wheels) {
    // A shared library of Pyodide's lock (a `.zip`, not a wheel) goes where dlopen looks.
    const [format, extractDir] = wheel.endsWith(".zip") ? ["zip", "/usr/lib"] : ["wheel", sitePackages];
    pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), format, { extractDir });
  }
  return { request, pyodide };
}
