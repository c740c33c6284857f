/// A job's page: its facts, the buttons that change it, its next fire times and its history.
enum JobTemplate {
    static let text = """
        {{<layout}}{{$main}}{{#content}}
        <p class="crumbs"><a href="{{base}}/">Jobs</a> /</p>
        <h1 class="clamp" title="{{id}}">{{id}}</h1>
        {{#displayName}}<p class="lead">{{displayName}}</p>{{/displayName}}
        <div id="job-live" data-live>
        <dl class="facts">
        <dt>State</dt><dd><span class="state state-{{stateClass}}">{{state}}</span></dd>
        <dt>Schedule</dt><dd><code>{{schedule}}</code>{{#scheduleWords}} · {{scheduleWords}}{{/scheduleWords}}</dd>
        <dt>Time zone</dt><dd>{{zone}}</dd>
        <dt>Runs</dt><dd><code>{{target}}</code></dd>
        <dt>Store</dt><dd>{{storeName}}</dd>
        {{#tags}}<dt>Tags</dt><dd>{{tags}}</dd>{{/tags}}
        </dl>
        {{#canChange}}
        <div class="actions">
        {{#paused}}
        <form method="post" action="{{href}}/resume{{storeQuery}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Resume</button></form>
        {{/paused}}
        {{^paused}}
        <form method="post" action="{{href}}/pause{{storeQuery}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Pause</button></form>
        {{/paused}}
        <form method="post" action="{{href}}/run{{storeQuery}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Run now</button></form>
        </div>
        {{/canChange}}
        {{^canChange}}<p class="muted">Signed in with a read token: pausing, resuming and running a job need an admin token.</p>{{/canChange}}
        <h2>Next runs</h2>
        {{#hasNextRuns}}<ol class="times">{{#nextRuns}}<li><time datetime="{{iso}}">{{text}}</time> <span class="muted">{{relative}}</span></li>{{/nextRuns}}</ol>{{/hasNextRuns}}
        {{^hasNextRuns}}<p class="muted">{{noNextRuns}}</p>{{/hasNextRuns}}
        <h2>History</h2>
        {{#hasRuns}}
        <div class="scroll" role="region" aria-label="History of {{id}}" tabindex="0">
        <table class="runs cards">
        <caption>{{runsCaption}}</caption>
        <thead>
        <tr><th scope="col">Fire time</th><th scope="col">Outcome</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Attempt</th><th scope="col">Node</th><th scope="col">Output</th></tr>
        </thead>
        <tbody>
        {{#runs}}
        <tr>
        <th scope="row"><a href="{{outcome.runHref}}"><time datetime="{{fire.iso}}">{{fire.text}}</time></a></th>
        <td data-label="Outcome"><span class="outcome o-{{outcome.kind}}"><span aria-hidden="true">{{outcome.symbol}}</span> {{outcome.label}}</span></td>
        <td data-label="Started">{{started}}</td>
        <td data-label="Duration">{{duration}}</td>
        <td data-label="Attempt">{{attempt}}</td>
        <td data-label="Node"><code>{{node}}</code></td>
        <td data-label="Output"><code class="preview">{{preview}}</code></td>
        </tr>
        {{/runs}}
        </tbody>
        </table>
        </div>
        {{/hasRuns}}
        {{^hasRuns}}<p class="muted">No runs recorded yet.</p>{{/hasRuns}}
        </div>
        {{/content}}{{/main}}{{/layout}}

        """
}
