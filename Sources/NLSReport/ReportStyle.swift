/// The report's whole style sheet, inline: a report is one file that opens anywhere,
/// offline, with nothing fetched.
enum ReportStyle {
    static let css = """
    :root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --code-bg: #f6f8fa; --err: #b42318; --err-bg: #fef3f2; }
    * { box-sizing: border-box; }
    body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: var(--fg); background: #fff;
           font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
    header h1 { margin: 0 0 .5rem; font-size: 1.6rem; }
    dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 1.5rem; color: var(--muted); }
    dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
    pre { margin: 0; padding: .6rem .8rem; overflow-x: auto; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; white-space: pre; }
    .preamble, section.cell { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1.2rem; overflow: hidden; }
    .cell-head { display: flex; gap: .6rem; align-items: baseline; padding: .35rem .8rem; background: var(--code-bg); border-bottom: 1px solid var(--line); }
    .cell-head h2 { margin: 0; font-size: 1rem; flex: 1; }
    .cell-index, .cell-time { color: var(--muted); font: 12px ui-monospace, monospace; }
    pre.source { background: var(--code-bg); }
    .outputs > *, pre.error, p.not-run-note { border-top: 1px solid var(--line); }
    section.not-run { opacity: .6; }
    section.failed { border-color: var(--err); }
    .outputs:empty { display: none; }
    pre.out-text { background: #fff; }
    figure.out-image { margin: .6rem .8rem; } figure.out-image img { max-width: 100%; height: auto; }
    figure.out-image figcaption { color: var(--muted); font-size: 13px; }
    iframe.out-html { display: block; width: 100%; border: 0; }
    pre.error, p.status-error { color: var(--err); background: var(--err-bg); }
    p.not-run-note { margin: 0; padding: .35rem .8rem; color: var(--muted); font-style: italic; }
    p.out-missing { margin: 0; padding: .35rem .8rem; color: var(--muted); }
    .kw { color: #cf222e; } .bi { color: #8250df; } .ty { color: #953800; } .nu { color: #0550ae; }
    .st { color: #0a3069; } .co { color: #6e7781; font-style: italic; } .ma { color: #116329; font-weight: 600; } .sy { color: #57606a; }
    """
}
