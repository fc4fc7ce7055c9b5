/**
 * The report's one style sheet, inlined: the page must open offline. Id columns (`.nw`) never wrap, so long text
 * columns give way instead of squeezing a control id to one character; print expands every folded part and drops the filter.
 */
export const REPORT_CSS = `
:root { --ok: #1a7f37; --ack: #9a6700; --open: #cf222e; --none: #8c959f; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0 auto; max-width: 1600px; padding: 1.5rem 2rem 4rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; } h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; } section, h3, details { scroll-margin-top: 1rem; }
a { color: #0969da; } code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
.status { display: inline-block; padding: .2rem .9rem; border-radius: 999px; font-weight: 700; letter-spacing: .02em; margin-right: .6rem; color: #fff; }
.status-compliant { background: var(--ok); } .status-open { background: var(--open); } .status-gaps { background: #d4a72c; color: #1f2328; } .status-not-checked { background: #6e7781; }
.verdict { margin: .4rem 0 1rem; font-size: 1.02rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem; margin: .6rem 0 1rem; }
dl.facts dt { color: var(--muted); font-weight: 600; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: 12.5px; }
th, td { border: 1px solid var(--line); padding: 3px 7px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f6f8fa; white-space: nowrap; position: sticky; top: 0; z-index: 1; } thead { display: table-header-group; } tr { break-inside: avoid; }
td.nw, .nw { white-space: nowrap; overflow-wrap: normal; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.wide { overflow-x: auto; }
.coverage { width: auto; } .coverage td { border: 0; padding: 2px 10px 2px 0; vertical-align: middle; } .coverage svg { display: block; }
.legend span { display: inline-block; margin-right: 1rem; font-size: 12px; } .legend i { display: inline-block; width: .8em; height: .8em; margin-right: .3em; vertical-align: -.05em; }
nav.toc ol { margin: .2rem 0; padding-left: 1.4rem; } nav.toc > ol { columns: 2 22rem; } nav.toc li { break-inside: avoid; }
details { border: 1px solid var(--line); border-radius: 6px; margin: .45rem 0; padding: .35rem .7rem; background: #fff; }
details > summary { cursor: pointer; } details[open] > summary { margin-bottom: .4rem; }
summary .title { font-weight: 600; } summary .sub { display: block; color: var(--muted); font-size: .9em; margin-left: 1.1rem; }
details.more { display: inline; border: 0; padding: 0; margin: 0; } details.more > summary { display: inline; color: #0969da; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem .8rem; background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; position: sticky; top: 0; z-index: 2; }
.filters input[type=search] { flex: 1 1 22rem; padding: .35rem .5rem; font: inherit; } .filters select { padding: .3rem; font: inherit; }
.filters .count { color: var(--muted); font-variant-numeric: tabular-nums; }
/* The findings scroll in their own box (header row kept in view), so the page stays short whatever their number. */
.findings-wrap { max-height: 75vh; overflow: auto; border: 1px solid var(--line); margin-top: .5rem; } .findings-wrap table { margin: 0; }
table.findings small { display: block; color: var(--muted); } table.findings td:nth-child(4), table.findings td:nth-child(5) { min-width: 17em; }
.st { font-weight: 600; white-space: nowrap; } tr.st-non-compliant .st { color: var(--open); } tr.st-not-checked .st { color: #6e7781; } tr.st-acknowledged .st { color: var(--ack); }
.ev-open { color: var(--open); font-weight: 600; } .ev-acknowledgedOnly { color: var(--ack); } .ev-noResults { color: var(--none); }
.print-only { display: none; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 10px; } table { font-size: 8.5px; } th { position: static; }
  h2 { break-after: avoid; } h3 { break-after: avoid; } .wide { overflow: visible; }
  .filters, .no-print { display: none !important; } .print-only { display: block; }
  details { border: 0; padding: 0; } details::details-content { content-visibility: visible; display: block; }
  details > summary { list-style: none; } details.more, details.more::details-content, details.more > summary { display: inline; }
  .findings-wrap { max-height: none; overflow: visible; border: 0; } body:not(.filtered) .findings-wrap { display: none; }
  a { color: inherit; text-decoration: none; }
}
`;
