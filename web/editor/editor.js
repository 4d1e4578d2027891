// The code editor: CodeMirror 6 with what a Python learner expects. Bundled by esbuild
// (see exercisekit/frontend.py) together with the page script that imports it.
import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  indentOnInput, bracketMatching, syntaxHighlighting, defaultHighlightStyle, indentUnit,
} from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { python } from "@codemirror/lang-python";

/**
 * Create an editor in `parent` holding `doc`.
 * `onChange(text)` fires on every edit; `onRun()` on Ctrl/Cmd+Enter.
 * Returns { getCode, setCode, focus }.
 */
export function createEditor(parent, doc, { onChange, onRun }) {
  const runKey = { key: "Mod-Enter", preventDefault: true, run: () => { onRun(); return true; } };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        python(),
        // Run first, so Mod-Enter is not taken by "insert blank line".
        keymap.of([runKey, ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ "aria-label": "Code editor", spellcheck: "false" }),
      ],
    }),
  });
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
  };
}
