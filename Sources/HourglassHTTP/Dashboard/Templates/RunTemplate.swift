/// One run's page: when and where it ran, how it ended, and its whole output.
enum RunTemplate {
    static let text = """
        {{<layout}}{{$main}}{{#content}}
        <p class="crumbs"><a href="{{base}}/">Jobs</a> / <a class="preview" href="{{jobHref}}" title="{{jobID}}">{{jobID}}</a> /</p>
        <h1>Run of {{fire.text}}</h1>
        <div id="run-live" data-live>
        <dl class="facts">
        <dt>Outcome</dt><dd><span class="outcome o-{{outcome.kind}}"><span aria-hidden="true">{{outcome.symbol}}</span> {{outcome.label}}</span></dd>
        <dt>Job</dt><dd><a href="{{jobHref}}">{{jobID}}</a></dd>
        <dt>Fire time</dt><dd><time datetime="{{fire.iso}}">{{fire.text}}</time> ({{zone}})</dd>
        <dt>Started</dt><dd>{{started}}</dd>
        <dt>Finished</dt><dd>{{finished}}</dd>
        <dt>Duration</dt><dd>{{duration}}</dd>
        <dt>Attempt</dt><dd>{{attempt}}</dd>
        <dt>Node</dt><dd><code>{{node}}</code></dd>
        <dt>Run id</dt><dd><code>{{runID}}</code></dd>
        </dl>
        <h2 id="output-heading">Output</h2>
        {{#hasOutput}}<pre class="output" tabindex="0" aria-labelledby="output-heading">{{output}}</pre>{{/hasOutput}}
        {{^hasOutput}}<p class="muted">The run recorded no output.</p>{{/hasOutput}}
        </div>
        {{/content}}{{/main}}{{/layout}}

        """
}
