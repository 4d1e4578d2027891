// Declarations for the type check of the page's JavaScript (`tsc -p tsconfig.json`, run by
// `make lint`); nothing here ships. The page's selectors all name HTML elements (no SVG), so
// a query's result is an HTMLElement unless the code says which kind (a JSDoc cast).

interface ParentNode {
  querySelector<E extends Element = HTMLElement>(selectors: string): E | null;
  querySelectorAll<E extends Element = HTMLElement>(selectors: string): NodeListOf<E>;
}

interface Element {
  closest<E extends Element = HTMLElement>(selectors: string): E | null;
}

interface Navigator {
  /** Chromium only: the device's memory in GB, rounded. */
  readonly deviceMemory?: number;
}

/** A page config's `runtime` (site/build.py page_config), every URL made absolute. */
interface RuntimeUrls {
  pyodideDir: string;
  numpyWheel: string;
  testWheels: string[];
  packageWheels?: string[];
  dataUrl: string;
  runtimeUrl: string;
  [key: string]: string | string[] | undefined;
}

/** The one global the page's inline script (web/templates/problem.html) sets before the
 *  page script (app.js) runs and takes it over. */
interface ExercisePage {
  absoluteRuntime(pageConfig: { runtime: Record<string, string | string[]> }): RuntimeUrls;
  startWorker(pageConfig?: object, extra?: object): Worker;
  runtime: RuntimeUrls;      // the problem shown (another one after an in-place swap)
  worker: Worker;            // the first worker, started before the page script loaded
  messages: object[] | null; // what it said before the page script listened; null after
}

/** `window.exercise`: the API tests and embedding pages use (README, "Hooks"). */
interface ExerciseApi {
  slug: string;
  getCode(): string;
  setCode(text: string): void;
  runTests(): Promise<object>;
  plot(fresh?: boolean): Promise<object | null>;
  tryIt(snippet?: string): Promise<object>;
  /** snapshot_page.mjs SnapshotSpares.report: {state, restored, fellBack, reason}. */
  spareSnapshot?(): object;
}

interface Window {
  __exercisePage: ExercisePage;
  exercise: ExerciseApi;
}
