// The code editor: CodeMirror 6 with what a Python learner expects. Bundled by esbuild
// (see exercisekit/site/frontend.py) together with the page script that imports it.
import { EditorState, EditorSelection } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from "@codemirror/view";
import {
  cursorLineEnd, defaultKeymap, history, historyKeymap, indentWithTab, selectLineEnd,
} from "@codemirror/commands";
import {
  indentOnInput, bracketMatching, syntaxHighlighting, HighlightStyle, indentUnit,
} from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { python } from "@codemirror/lang-python";
import { tags } from "@lezer/highlight";

// Colours come from the page's CSS variables, so the editor follows the light or dark
// theme without being rebuilt; each one meets 4.5:1 on its background (style.css).
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword, tags.definitionKeyword, tags.moduleKeyword],
    color: "var(--tok-keyword)" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--tok-string)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--tok-number)" },
  { tag: tags.comment, color: "var(--tok-comment)", fontStyle: "italic" },
  { tag: [tags.function(tags.definition(tags.variableName)), tags.definition(tags.className)],
    color: "var(--tok-def)" },
  { tag: tags.invalid, color: "var(--fail)" },
]);

const theme = EditorView.theme({
  "&": { color: "var(--ink)", backgroundColor: "var(--card)" },
  ".cm-content": { caretColor: "var(--ink)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--ink)" },
  ".cm-gutters": { backgroundColor: "var(--gutter)", color: "var(--muted)", borderRight: "1px solid var(--line)" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)", color: "var(--ink)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground":
    { backgroundColor: "var(--selection)" },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "var(--selection)", outline: "1px solid var(--muted)" },
  ".cm-tooltip": { backgroundColor: "var(--card)", color: "var(--ink)", border: "1px solid var(--line)" },
});

/** Home on the logical line, as in a code editor that does not wrap: to the first character
 * after the indentation, or to the line's start when already there. CodeMirror's own Home
 * stops at the wrap point of a wrapped line, so retyping a long line left junk behind. */
const logicalHome = (extend) => (view) => {
  const selection = EditorSelection.create(view.state.selection.ranges.map((range) => {
    const line = view.state.doc.lineAt(range.head);
    const indentEnd = line.from + (line.text.length - line.text.trimStart().length);
    const target = range.head === indentEnd ? line.from : indentEnd;
    return extend ? EditorSelection.range(range.anchor, target) : EditorSelection.cursor(target);
  }), view.state.selection.mainIndex);
  view.dispatch({ selection, scrollIntoView: true, userEvent: "select" });
  return true;
};
// End likewise goes to the end of the logical line, not of the visual one.
const lineKeys = [
  { key: "Home", run: logicalHome(false), shift: logicalHome(true), preventDefault: true },
  { key: "End", run: cursorLineEnd, shift: selectLineEnd, preventDefault: true },
];

/**
 * Create an editor in `parent` holding `doc`.
 * `onChange(text)` fires on every edit; `onRun()` on Ctrl/Cmd+Enter.
 * Returns { getCode, setCode, focus, goToLine, markLines }.
 */
export function createEditor(parent, doc, { onChange, onRun }) {
  const runKey = { key: "Mod-Enter", preventDefault: true, run: () => { onRun(); return true; } };
  // Tab must not trap a keyboard user who tabs through the page: arriving by keyboard,
  // Tab moves on. Clicking in or typing makes Tab indent; Esc then Tab leaves again
  // (CodeMirror's own escape).
  let pointer = false;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        lintGutter(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        syntaxHighlighting(highlight),
        theme,
        // Long lines wrap: no sideways scrolling on a phone, and no scroll region that a
        // keyboard cannot reach. Home and End still act on the whole line (lineKeys).
        EditorView.lineWrapping,
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        python(),
        // Run first, so Mod-Enter is not taken by "insert blank line".
        keymap.of([runKey, ...lineKeys, ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          if (update.transactions.some((tr) => tr.isUserEvent("input") || tr.isUserEvent("delete"))) {
            update.view.setTabFocusMode(false);
          }
          onChange(update.state.doc.toString());
        }),
        EditorView.domEventHandlers({
          mousedown: (event, v) => { pointer = true; v.setTabFocusMode(false); return false; },
          touchstart: (event, v) => { pointer = true; v.setTabFocusMode(false); return false; },
          focus: (event, v) => { if (!pointer) v.setTabFocusMode(true); pointer = false; return false; },
        }),
        // tabindex 0 changes no tab order (a contenteditable is reached by Tab anyway), but lets
        // axe see that a scroller of code taller than its box holds something focusable.
        EditorView.contentAttributes.of({
          "aria-label": "Code editor", spellcheck: "false", "aria-describedby": "editor-keys", tabindex: "0" }),
      ],
    }),
  });
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
    /** Put the cursor at the start of 1-based `line` (clamped), centre it in view and focus. */
    goToLine(line) {
      const number = Math.max(1, Math.min(view.state.doc.lines, line));
      const at = view.state.doc.line(number);
      const cursor = at.from + (at.text.length - at.text.trimStart().length);
      // Centred, so the lines around it show too (at the edge the line read as cut off).
      view.dispatch({ selection: EditorSelection.cursor(cursor), effects: EditorView.scrollIntoView(cursor, { y: "center" }) });
      pointer = true;   // the learner chose to edit here: Tab indents
      view.focus();
      view.setTabFocusMode(false);
    },
    /** Mark lines in the gutter: [{line, message}] (1-based); an empty list clears. */
    markLines(marks) {
      /** @type {import("@codemirror/lint").Diagnostic[]} */
      const diagnostics = [];
      for (const { line, message } of marks) {
        if (!Number.isInteger(line) || line < 1 || line > view.state.doc.lines) continue;
        const at = view.state.doc.line(line);
        diagnostics.push({ from: at.from, to: at.to, severity: "error", message, source: "tests" });
      }
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
  };
}
