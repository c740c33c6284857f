/// The jobs page: each job's state, schedule, next run, last outcome and its last 20
/// outcomes as a strip. The `data-live` region is what the script refreshes.
enum JobsTemplate {
    static let text = """
        {{<layout}}{{$main}}{{#content}}
        <h1>Jobs</h1>
        <div id="jobs-live" data-live>
        <p class="summary">{{summary}}</p>
        {{#hasJobs}}
        <table class="jobs cards">
        <caption>Jobs with their schedule and next run (in each job's time zone) and their last runs</caption>
        <thead>
        <tr><th scope="col">Job</th><th scope="col">State</th><th scope="col">Schedule</th><th scope="col">Next run</th><th scope="col">Last run</th><th scope="col">Last 20 runs</th></tr>
        </thead>
        <tbody>
        {{#jobs}}
        <tr>
        <th scope="row" data-label="Job"><a class="job clamp" href="{{href}}" title="{{id}}">{{id}}</a>{{#displayName}}<span class="sub clamp" title="{{displayName}}">{{displayName}}</span>{{/displayName}}{{#storeName}}<span class="sub">store {{storeName}}</span>{{/storeName}}</th>
        <td data-label="State"><span class="state state-{{stateClass}}">{{state}}</span></td>
        <td data-label="Schedule"><code>{{schedule}}</code>{{#scheduleWords}}<span class="sub">{{scheduleWords}}</span>{{/scheduleWords}}</td>
        <td data-label="Next run">{{#nextRun}}<time datetime="{{iso}}">{{text}}</time><span class="sub">{{relative}} · {{zone}}</span>{{/nextRun}}{{^nextRun}}<span class="muted">none</span>{{/nextRun}}</td>
        <td data-label="Last run">{{#lastRun}}<a class="outcome o-{{kind}}" href="{{runHref}}"><span aria-hidden="true">{{symbol}}</span> {{label}}</a><span class="sub"><time datetime="{{when.iso}}">{{when.text}}</time></span>{{/lastRun}}{{^lastRun}}<span class="muted">no runs yet</span>{{/lastRun}}</td>
        <td data-label="Last 20 runs">{{#hasStrip}}<ol class="strip" aria-hidden="true">{{#strip}}<li class="o-{{kind}}" title="{{label}} · {{when.text}}">{{symbol}}</li>{{/strip}}</ol>{{/hasStrip}}<span class="sr-only">{{stripSummary}}</span></td>
        </tr>
        {{/jobs}}
        </tbody>
        </table>
        {{/hasJobs}}
        {{#previousPage}}<a class="page" href="{{previousPage}}" rel="prev">Previous jobs</a>{{/previousPage}}
        {{#nextPage}}<a class="page" href="{{nextPage}}" rel="next">More jobs</a>{{/nextPage}}
        </div>
        {{/content}}{{/main}}{{/layout}}

        """
}
