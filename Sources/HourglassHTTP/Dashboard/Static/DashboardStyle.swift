/// The dashboard's style sheet, served at `/static/dashboard.css`. Colours keep a contrast
/// of at least 4.5:1 with their background; below 720 px the jobs table becomes one card
/// per job.
enum DashboardStyle {
    static let css = """
        :root {
          --text: #1f2328; --muted: #57606a; --line: #d0d7de; --back: #ffffff; --panel: #f6f8fa;
          --link: #0550ae; --focus: #0969da;
          --ok: #116329; --ok-back: #dafbe1; --bad: #a40e26; --bad-back: #ffebe9;
          --warn: #7d4e00; --warn-back: #fff8c5; --run: #0550ae; --run-back: #ddf4ff;
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Liberation Sans", "DejaVu Sans", sans-serif;
          color: var(--text); background: var(--back); }
        a { color: var(--link); }
        a:hover { text-decoration-thickness: 2px; }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
        main:focus { outline: none; }
        code, pre { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.875rem; }
        h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.2rem; margin: 1.75rem 0 0.5rem; }
        .skip { position: absolute; left: 0.5rem; top: -3rem; background: var(--back); padding: 0.5rem 1rem; z-index: 1; }
        .skip:focus { top: 0.5rem; }
        .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
          clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
        header.top { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 1.5rem;
          padding: 0.5rem 1rem; border-bottom: 1px solid var(--line); background: var(--panel); }
        .brand { margin: 0; font-weight: 700; }
        .brand a { color: var(--text); text-decoration: none; }
        nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
        nav a { display: inline-block; padding: 0.5rem 0.25rem; }
        nav a[aria-current="page"] { font-weight: 700; color: var(--text); text-decoration-thickness: 3px; }
        .signout { margin-left: auto; }
        main { max-width: 80rem; margin: 0 auto; padding: 0.5rem 1rem 2rem; }
        footer { max-width: 80rem; margin: 0 auto; padding: 0 1rem 1.5rem; color: var(--muted); font-size: 0.875rem; }
        .muted, .summary { color: var(--muted); }
        .sub { display: block; color: var(--muted); font-size: 0.875rem; font-weight: 400; overflow-wrap: anywhere; }
        .lead { margin-top: -0.75rem; color: var(--muted); }
        .crumbs { margin: 0.5rem 0 0; overflow-wrap: anywhere; }
        .flash { padding: 0.75rem 1rem; border: 1px solid var(--ok); border-left-width: 6px; background: var(--ok-back); }
        .error { padding: 0.75rem 1rem; border: 1px solid var(--bad); border-left-width: 6px; background: var(--bad-back); }
        table { border-collapse: collapse; width: 100%; }
        caption { text-align: left; color: var(--muted); padding: 0.25rem 0 0.5rem; }
        th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.75rem 0.5rem 0; border-bottom: 1px solid var(--line); }
        thead th { font-size: 0.875rem; color: var(--muted); border-bottom: 2px solid var(--line); }
        tbody th { font-weight: 600; overflow-wrap: anywhere; }
        /* A long job id (up to 1,000 bytes) or name shows its first three lines; the whole text is its title. */
        .clamp { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; line-clamp: 3; overflow: hidden; }
        a.job, tbody th .sub.clamp { max-width: 32rem; }
        .scroll { overflow-x: auto; }
        .state { display: inline-block; padding: 0 0.5rem; border-radius: 1rem; font-size: 0.875rem; border: 1px solid currentColor;
          white-space: nowrap; }
        .state-scheduled, .state-at-start { color: var(--ok); background: var(--ok-back); }
        .state-paused { color: var(--warn); background: var(--warn-back); }
        .state-unrunnable { color: var(--bad); background: var(--bad-back); }
        .state-finished { color: var(--muted); background: var(--panel); }
        .outcome { font-weight: 600; white-space: nowrap; }
        .outcome.o-ok { color: var(--ok); } .outcome.o-bad { color: var(--bad); } .outcome.o-warn { color: var(--warn); }
        .outcome.o-run { color: var(--run); } .outcome.o-muted { color: var(--muted); }
        .strip { display: flex; flex-wrap: wrap; gap: 2px; list-style: none; margin: 0; padding: 0; max-width: 12rem; }
        .strip li { width: 1.05rem; height: 1.3rem; line-height: 1.3rem; text-align: center; font-size: 0.75rem; font-weight: 700;
          color: #ffffff; border-radius: 2px; }
        .strip .o-ok { background: #1a7f37; } .strip .o-bad { background: #cf222e; } .strip .o-warn { background: #9a6700; }
        .strip .o-run { background: var(--run); } .strip .o-muted { background: var(--muted); }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; overflow-wrap: anywhere; }
        .actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1.25rem 0 0; }
        .actions form { margin: 0; }
        button { font: inherit; cursor: pointer; min-height: 2.75rem; padding: 0.5rem 1.25rem; border-radius: 6px;
          border: 1px solid var(--link); background: var(--link); color: #ffffff; font-weight: 600; }
        button:hover { background: #033d8b; }
        button.quiet { min-height: 2.25rem; padding: 0.25rem 0.75rem; background: var(--back); color: var(--link); }
        button.quiet:hover { background: var(--run-back); }
        .times { padding-left: 2.5rem; margin: 0; }
        .times li { white-space: nowrap; }
        table.runs th, table.runs td, table.nodes th, table.nodes td { white-space: nowrap; }
        .preview { display: inline-block; max-width: 28rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; vertical-align: bottom; }
        .crumbs .preview { max-width: min(40rem, 80%); }
        .output { background: var(--panel); border: 1px solid var(--line); padding: 0.75rem; overflow-x: auto; white-space: pre-wrap;
          overflow-wrap: anywhere; max-height: 70vh; }
        .login { display: grid; gap: 0.5rem; max-width: 26rem; }
        .login label { font-weight: 600; }
        .login input[type=password] { font: inherit; padding: 0.5rem; border: 1px solid var(--muted); border-radius: 6px; min-height: 2.75rem; }
        .login input[aria-invalid=true] { border-color: var(--bad); border-width: 2px; }
        .hint { margin: 0; color: var(--muted); font-size: 0.875rem; }
        .page { display: inline-block; margin: 1rem 1rem 0 0; }
        .live label { display: inline-flex; align-items: center; gap: 0.375rem; cursor: pointer; }
        .live input { width: 1.1rem; height: 1.1rem; margin: 0; }
        .stale { color: var(--bad); }
        @media (max-width: 720px) {
          table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
          table.cards, table.cards tbody, table.cards tr, table.cards th, table.cards td { display: block; width: 100%; }
          table.cards tr { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.75rem; margin-bottom: 0.75rem; }
          table.cards th, table.cards td { border: 0; padding: 0.25rem 0; }
          table.cards caption { display: block; }
          table.cards th, table.cards td { white-space: normal; }
          table.cards .preview { max-width: 100%; }
          table.cards td { position: relative; padding-left: 6.25rem; min-height: 2rem; }
          table.cards td::before { content: attr(data-label); position: absolute; left: 0; width: 6rem; color: var(--muted);
            font-size: 0.875rem; }
          table.cards tbody th { font-size: 1.1rem; }
          .facts { grid-template-columns: 1fr; }
          .facts dd { margin-bottom: 0.5rem; }
          .times li { white-space: normal; }
        }

        """
}
