// TeX -> HTML (with MathML for screen readers) by KaTeX, at build time, so pages load no
// math script. Request on stdin: {"formulas": [{"tex", "display"}]}. Answer on stdout:
// [{"html"} | {"error", "position"}], one per formula, in order: `error` is KaTeX's message
// without its excerpt, `position` the offset in the TeX where it stopped (or null).
import katex from "katex";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { formulas } = JSON.parse(input);
// Accepted from notebooks' MathJax TeX (issue 32), as LaTeX itself reads them: `\mbox{...}`
// is `\text{...}` in math, and a no-break space (U+00A0, which LaTeX's utf8 input reads as
// `~`) is `~`. One character for one keeps KaTeX's error positions right.
const NOTEBOOK_MACROS = { "\\mbox": "\\text" };
const answers = formulas.map(({ tex: source, display }) => {
  const tex = source.replaceAll("\u00a0", "~");
  try {
    // strict: "error" refuses what LaTeX would refuse too (unicode in math mode, ...),
    // so a statement that renders here is also valid LaTeX.
    return { html: katex.renderToString(tex, { displayMode: Boolean(display), throwOnError: true,
                                               strict: "error", trust: false, output: "htmlAndMathml",
                                               macros: { ...NOTEBOOK_MACROS } }) };
  } catch (error) {
    return { error: String((error && (error.rawMessage || error.message)) || error),
             position: Number.isInteger(error && error.position) ? error.position : null };
  }
});
process.stdout.write(JSON.stringify(answers));
