// The report's one stylesheet, inline (the page loads nothing). Colour is never the only signal: every status,
// flag and side also has a text label, an icon shape or a line style. Kept free of lines that start with "::".
export const CSS = `
  :root { --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --paper: #ffffff; --panel: #f6f6f4;
    --for: #1b5e20; --for-bg: #e8f3e9; --against: #a31515; --against-bg: #fbeaea;
    --warn: #7a3b00; --warn-bg: #fff2e0; --focus: #0b57d0; }
  * { box-sizing: border-box; }
  html { color-scheme: light; }
  body { margin: 0; color: var(--ink); background: var(--paper); font: 16px/1.5 system-ui, "DejaVu Sans", "Liberation Sans", "Segoe UI", Arial, sans-serif; }
  main, .page-head, .page-foot { max-width: 62rem; margin: 0 auto; padding: 0 1.25rem; }
  h1 { font-size: 1.75rem; margin: 1.25rem 0 .25rem; }
  h2 { font-size: 1.4rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid var(--ink); }
  h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
  h4 { font-size: 1rem; margin: 1.25rem 0 .5rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
  a { color: #0b4fb3; }
  a:focus-visible, summary:focus-visible, [tabindex]:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
  .skip { position: absolute; left: .5rem; top: -3rem; background: var(--ink); color: #fff; padding: .5rem .75rem; z-index: 10; }
  .skip:focus { top: .5rem; }
  .lede { color: var(--muted); margin: 0 0 .5rem; }
  .sections { display: flex; gap: 1.25rem; list-style: none; padding: 0; margin: 0 0 1rem; }
  .totals { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: .75rem 0; list-style: none; }
  .totals li { border: 1px solid var(--line); border-radius: .4rem; padding: .25rem .6rem; background: var(--panel); }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
  th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
  th { background: var(--panel); }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .badge { display: inline-flex; align-items: center; gap: .3rem; padding: .05rem .5rem; border: 1.5px solid currentColor; border-radius: 1rem; font-weight: 600; font-size: .9rem; white-space: nowrap; }
  .badge svg { flex: none; }
  svg.icon { width: 1em; height: 1em; vertical-align: -.125em; }
  svg.symbols { position: absolute; width: 0; height: 0; overflow: hidden; }
  .s-contested { color: var(--against); background: var(--against-bg); }
  .s-corroborated { color: var(--for); background: var(--for-bg); }
  .s-single-source, .s-under-corroborated { color: #5c4400; background: #fff6d6; }
  .s-denied { color: #5a1f78; background: #f3e8fa; }
  .s-unsupported { color: #333333; background: #ececec; border-style: dashed; }
  .flag { display: inline-block; padding: 0 .45rem; border: 1px dashed var(--muted); border-radius: .3rem; font-size: .85rem; margin-left: .25rem; white-space: nowrap; }
  .flag.provisional { color: var(--warn); background: var(--warn-bg); border: 1.5px solid var(--warn); font-weight: 700; }
  .claim { border-top: 1px solid var(--line); padding-top: .5rem; margin-top: 1.5rem; }
  .claim > header h3 { margin-top: .25rem; }
  .meta { color: var(--muted); font-size: .9rem; margin: .25rem 0; }
  .meta code, td code { font-size: .9em; overflow-wrap: break-word; }
  .verdict { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; margin: .25rem 0 .5rem; }
  .grade { font-weight: 600; }
  .grade-why { font-weight: 400; color: var(--muted); }
  .provisional-note { border: 2px solid var(--warn); background: var(--warn-bg); color: #4d2600; padding: .5rem .75rem; border-radius: .4rem; margin: .5rem 0; }
  .provisional-note ul { margin: .25rem 0 0; padding-left: 1.25rem; }
  .voices { margin: .5rem 0; }
  .voices svg { width: 100%; height: auto; max-width: 48rem; display: block; }
  .vd { font-family: system-ui, "DejaVu Sans", sans-serif; }
  .vd text { fill: #1b1b1b; font-size: 13px; }
  .vd .h { font-size: 12.5px; font-weight: 700; }
  .vd .hf { fill: #1b5e20; }
  .vd .ha { fill: #a31515; text-anchor: end; }
  .vd .l { font-weight: 700; }
  .vd .d { font-size: 11.5px; fill: #3a3a3a; }
  .vd line, .vd rect { stroke-width: 2; }
  .vd g.for line, .vd g.for rect { stroke: #1b5e20; }
  .vd g.for rect { fill: #e8f3e9; }
  .vd g.for line { marker-end: url(#m-for); }
  .vd g.against line, .vd g.against rect { stroke: #a31515; stroke-dasharray: 7 4; }
  .vd g.against rect { fill: #fbeaea; }
  .vd g.against line { marker-end: url(#m-against); }
  .vd g.unproven line, .vd g.unproven rect { stroke: #5a5a5a; stroke-dasharray: 2 3; }
  .vd g.unproven rect { fill: #f2f2f2; }
  .vd g.unproven line { marker-end: url(#m-unproven); }
  .vd g.more rect { fill: #ffffff; stroke: #5a5a5a; stroke-width: 1.5; }
  .vd g.c rect { fill: #ffffff; stroke: #1b1b1b; stroke-width: 2.5; }
  .vd g.c text { text-anchor: middle; }
  .vd g.c .k { font-size: 11px; fill: #4a4a4a; }
  #m-for path { fill: #1b5e20; }
  #m-against path { fill: #a31515; }
  #m-unproven path { fill: #5a5a5a; }
  .voice-lists { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; margin: .25rem 0; }
  .voice-lists ul { margin: .25rem 0; padding-left: 1.25rem; }
  .side-for { color: var(--for); }
  .side-against { color: var(--against); }
  .assertion { border-left: 4px solid var(--line); padding: .25rem 0 .25rem .75rem; margin: .75rem 0; }
  .assertion.for { border-left-color: var(--for); }
  .assertion.against { border-left-color: var(--against); border-left-style: dashed; }
  .assertion.unproven { border-left-color: var(--muted); border-left-style: dotted; }
  .who { margin: 0 0 .25rem; }
  .stance { font-weight: 700; }
  .note { color: var(--muted); margin: .15rem 0; font-size: .95rem; }
  .not-counted { color: var(--warn); font-weight: 600; }
  figure.quote { margin: .5rem 0 .75rem; }
  blockquote { margin: 0; padding: .4rem .75rem; background: var(--panel); border-inline-start: 3px solid var(--muted); unicode-bidi: isolate; }
  blockquote.missing { border-inline-start-style: dashed; }
  mark { background: #ffe36e; color: #000; padding: 0 .1em; border-bottom: 2px solid #000; }
  figcaption { font-size: .88rem; color: var(--muted); margin-top: .2rem; }
  .verified { color: var(--for); font-weight: 600; }
  .not-found { color: var(--against); font-weight: 700; }
  .unverifiable { color: var(--warn); font-weight: 600; }
  .translation { margin: .25rem 0 0; font-size: .95rem; }
  .sev-error { color: var(--against); font-weight: 700; }
  .sev-warning { color: var(--warn); font-weight: 600; }
  .back { font-size: .9rem; }
  .page-foot { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); margin-top: 2.5rem; padding-top: .75rem; padding-bottom: 2rem; }
  @media (max-width: 40rem) { .voice-lists { grid-template-columns: 1fr; } }
  @media print {
    body { font-size: 10.5pt; }
    .skip, .back, nav { display: none; }
    main, .page-head, .page-foot { max-width: none; padding: 0; }
    a { color: inherit; }
    a[href^="http"]:after { content: " (" attr(href) ")"; font-size: .85em; overflow-wrap: anywhere; }
    .claim { break-before: auto; }
    .claim > header, figure, .assertion, .voices, tr { break-inside: avoid; }
    h2, h3, h4 { break-after: avoid; }
    .badge, .flag, mark, .provisional-note { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  }
`;
