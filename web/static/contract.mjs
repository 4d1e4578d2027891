// The one declared shape, on the JavaScript side, of the data that crosses the worker and
// process boundaries, and the validators the page (runtime_jobs.mjs, verdict.mjs,
// page_storage.mjs) and the Node scripts (web/node/) check it with. The Python side declares
// the same shapes in exercisekit/runtime/contract.py; tests/test_contract.py compares the two
// field by field and runs these validators on samples the real Python code makes.
//
// A type is "string", "number", "integer", "boolean", "null", "any", the name of a record
// in SHAPES, or {list: T}, {map: T} (an object with text keys), {nullable: T},
// {oneOf: [T, ...]}, {enum: [value, ...]}. A record is {fields, optional}: every field in
// `fields` must be there; one in `optional` may be absent. A declared key with a value of
// another type is refused; keys not declared are allowed, except in strict mode, which the
// contract test uses on what Python makes (so a field Python adds must be declared here).

export const OUTCOMES = ["passed", "failed", "error", "skipped", "xfailed", "xpassed"];
const OUTCOME = { enum: OUTCOMES };
const STOP_KIND = { enum: ["load_error", "collection_error", "interrupted", "crash", "timeout", "startup_failure"] };
const Y_VALUE = { nullable: { oneOf: ["number", "string"] } };
const LINE = { nullable: "integer" };
const LINES = { list: "string" };
const OUTPUTS = { nullable: { list: "any" } };   // encoded probe outputs (probing.encode)

const SWEEP_DESCRIPTION = { name: "string", title: "string", x_label: "string", y_label: "string",
                            kind: { enum: ["line", "histogram", "images", "scatter"] } };
// What one kind or another has: xs (line, histogram), target (histogram), the images' layout,
// the scatter plot's labels.
const SWEEP_OPTIONAL = { xs: { list: "number" }, target: { list: Y_VALUE }, shape: { list: "integer" },
                         count: "integer", range: { list: "number" }, captions: { nullable: { list: "string" } },
                         inputs: { nullable: { list: Y_VALUE } },
                         before: { list: Y_VALUE }, labels: { list: "string" }, label_name: "string",
                         only_when_apart: "boolean" };
const PROBE_OUTPUTS = { inputs: { list: "any" }, reference: OUTPUTS, wrong: { map: OUTPUTS },
                        errors: { map: "string" } };

export const SHAPES = {
  // The problem data (exercisekit/problems/data.py writes it; every runtime reads it).
  TextFile: { fields: { text: "string" } },
  BinaryFile: { fields: { base64: "string" } },
  ExpectedRow: { fields: { id: "string", name: "string", outcome: OUTCOME }, optional: { points: "number" } },
  Mistake: { fields: { summary: "string", explanation: "string", hint: "string" } },
  ProbeOutputs: { fields: PROBE_OUTPUTS },
  CurveError: { fields: { x: { nullable: "number" }, message: "string" } },
  Curve: { fields: { ys: { list: Y_VALUE }, errors: { list: "CurveError" } } },
  SweepDescription: { fields: SWEEP_DESCRIPTION, optional: SWEEP_OPTIONAL },
  ShippedSweep: { fields: { ...SWEEP_DESCRIPTION, reference: { nullable: "Curve" } }, optional: SWEEP_OPTIONAL },
  RecordedSweep: { fields: { ...SWEEP_DESCRIPTION, reference: { nullable: "Curve" }, wrong: { map: "Curve" } },
                   optional: SWEEP_OPTIONAL },
  SweepProblem: { fields: { message: "string", fix: "string" } },
  ProbesFailure: { fields: { message: "string", line: LINE, missing_module: { nullable: "string" } } },
  ProbeRecord: { fields: { ...PROBE_OUTPUTS, sweeps: { list: "RecordedSweep" } },
                 optional: { sweep_problems: { list: "SweepProblem" }, probes_error: "ProbesFailure" } },
  ProblemData: {
    fields: { slug: "string", kind: { enum: ["function", "script"] }, module: "string", function: "string",
              time_limit: "number", tolerance: "number", names: { map: "string" },
              expected: { nullable: { list: "ExpectedRow" } }, files: { map: { oneOf: ["TextFile", "BinaryFile"] } },
              starter: "string", hints: { list: "string" }, probes: { nullable: "ProbeOutputs" },
              sweeps: { list: "ShippedSweep" }, mistakes: { map: "Mistake" } },
    optional: { solution: "string", points: { map: "number" } },
  },
  // The page config (exercisekit/site/build.py page_config; app.js reads it).
  RuntimeUrls: { fields: { pyodideDir: "string", numpyWheel: "string", testWheels: { list: "string" },
                           packageWheels: { list: "string" }, dataUrl: "string", runtimeUrl: "string" } },
  TrackLink: { fields: { url: "string", title: "string" } },
  TrackSteps: { fields: { name: "string", prev: { nullable: "TrackLink" }, next: { nullable: "TrackLink" } } },
  PageConfig: {
    fields: { slug: "string", starter: "string", timeLimit: "number", expected: { nullable: { list: "ExpectedRow" } },
              workerUrl: "string", plotUrl: "string", plotCss: "string", sweeps: { list: "ShippedSweep" },
              serviceWorker: { nullable: "string" }, embedOrigin: "string", runtime: "RuntimeUrls",
              dataSha256: "string" },
    optional: { tracks: { list: "TrackSteps" } },
  },
  // Jobs and their answers (Session.handle, exercisekit/runtime/session.py).
  JobRequest: { fields: { job: { enum: ["warm_up", "run", "try", "sweeps"] }, code: "string" },
                optional: { snippet: "string", settle: "boolean" } },
  RowAnswer: { fields: { id: "string", name: "string", outcome: OUTCOME, message: "string", traceback: LINES,
                         line: LINE, duration_ms: "number", stdout: "string" },
               optional: { cpu_ms: "number", points: "number" } },
  StopAnswer: { fields: { kind: STOP_KIND, message: "string", traceback: LINES, line: LINE } },
  DiagnosisAnswer: { fields: { name: "string", summary: "string", explanation: "string", hint: "string" } },
  RunAnswer: { fields: { rows: { list: "RowAnswer" }, stop: { nullable: "StopAnswer" }, stdout: "string",
                         duration_ms: "number", diagnosis: { nullable: "DiagnosisAnswer" }, tainted: "boolean",
                         passed: "integer", total: "integer" },
               optional: { points_earned: "number", points_total: "number", timedOut: "boolean" } },
  TryAnswer: { fields: { value: { nullable: "string" }, stdout: "string", error: { nullable: "string" },
                         traceback: LINES, line: LINE, tainted: "boolean", duration_ms: "number" } },
  LabelSummary: { fields: { label: "string", count: "integer", finite: "integer",
                            mean: { nullable: { list: "number" } } } },
  LearnerCurve: { fields: { ys: { list: Y_VALUE }, errors: { list: "CurveError" }, name: "string",
                            parts_at: { list: "number" } },
                  optional: { distances: { list: { nullable: "number" } }, summary: { list: "LabelSummary" },
                              reference_summary: { list: "LabelSummary" } } },
  SweepAnswer: { fields: { curves: { list: "LearnerCurve" }, error: { nullable: "string" }, traceback: LINES,
                           line: LINE, stdout: "string", tainted: "boolean", duration_ms: "number" } },
  // check's two legs (python -m exercisekit.runtime evaluate, web/node/run_in_pyodide.mjs).
  EvaluateJob: { fields: { problem: "string", code: "string", trusted: "boolean" },
                 optional: { label: "string", snippet: "string" } },
  EvaluateRequest: { fields: { problems: { map: "ProblemData" }, jobs: { list: "EvaluateJob" } } },
  JobFailure: { fields: { error: "string" } },
};
// A leg's answer: one result per job, in order (a TryAnswer for a job with a snippet).
export const LEG_ANSWER = { list: { oneOf: ["RunAnswer", "TryAnswer", "JobFailure"] } };

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const PRIMITIVE = {
  string: (v) => typeof v === "string",
  number: (v) => typeof v === "number" && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === "boolean",
  null: (v) => v === null,
  any: () => true,
};

// What is wrong with `value` as a `type`, at `where`: the first problem found, or null.
function problem(type, value, where, strict = false) {
  if (typeof type === "string") {
    if (type in PRIMITIVE) return PRIMITIVE[type](value) ? null : `${where} is not a ${type}`;
    const shape = SHAPES[type];
    if (!shape) throw new Error(`contract.mjs: no shape named ${type}`);
    if (!isObject(value)) return `${where} is not an object (${type})`;
    for (const [key, field] of Object.entries(shape.fields)) {
      if (!Object.hasOwn(value, key)) return `${where}.${key} is missing (${type})`;
      const found = problem(field, value[key], `${where}.${key}`, strict);
      if (found) return found;
    }
    for (const [key, field] of Object.entries(shape.optional || {})) {
      const found = Object.hasOwn(value, key) ? problem(field, value[key], `${where}.${key}`, strict) : null;
      if (found) return found;
    }
    const undeclared = strict && Object.keys(value).find((key) => !(key in shape.fields)
                                                                   && !(key in (shape.optional || {})));
    return undeclared ? `${where}.${undeclared} is not declared in ${type}` : null;
  }
  if (type.list) {
    if (!Array.isArray(value)) return `${where} is not a list`;
    for (let i = 0; i < value.length; i++) {
      const found = problem(type.list, value[i], `${where}[${i}]`, strict);
      if (found) return found;
    }
    return null;
  }
  if (type.map) {
    if (!isObject(value)) return `${where} is not an object`;
    for (const [key, item] of Object.entries(value)) {
      const found = problem(type.map, item, `${where}[${JSON.stringify(key)}]`, strict);
      if (found) return found;
    }
    return null;
  }
  if (type.nullable) return value === null ? null : problem(type.nullable, value, where, strict);
  if (type.oneOf) {
    const found = type.oneOf.map((option) => problem(option, value, where, strict));
    return found.includes(null) ? null : `${where} is none of ${JSON.stringify(type.oneOf)} (${found.join("; ")})`;
  }
  if (type.enum) return type.enum.includes(value) ? null : `${where} is ${JSON.stringify(value)}, not one of ${type.enum.join(", ")}`;
  throw new Error(`contract.mjs: unknown type ${JSON.stringify(type)}`);
}

/** What is wrong with `value` as `type` (a shape's name or a type): a sentence, or null.
 *  With `strict`, keys a record does not declare are refused too. */
export function mismatch(type, value, where = "value", strict = false) {
  return problem(type, value, where, strict);
}

/** Does `value` have the declared shape `type`? */
export function conforms(type, value) {
  return problem(type, value, "value") === null;
}

/** `value` itself if it has the shape `type`; otherwise an Error that says what is wrong and
 *  names `what` (for the Node scripts, whose errors `check` prints). */
export function expectShape(type, value, what) {
  const found = problem(type, value, what);
  if (found) throw new Error(`${found}: ${what} does not have the shape declared in exercisekit/runtime/contract.py`);
  return value;
}

/** Is `value` a run result as the runtime sends it (contract.RunAnswer)? Anything else is ignored by the page. */
export const isRunResult = (value) => conforms("RunAnswer", value);

/** Is `value` what Session.try_snippet (exercisekit/runtime/session.py) sends? */
export const isTryResult = (value) => conforms("TryAnswer", value);

/** Is `value` what Session.sweep_curves sends: the learner's curve on each sweep? */
export const isSweepResult = (value) => conforms("SweepAnswer", value);
