/// The nodes page: the scheduler that serves the dashboard.
enum NodesTemplate {
    static let text = """
        {{<layout}}{{$main}}{{#content}}
        <h1>Nodes</h1>
        <div id="nodes-live" data-live>
        <div class="scroll" role="region" aria-label="Nodes" tabindex="0">
        <table class="nodes cards">
        <caption>This node (times in UTC)</caption>
        <thead>
        <tr><th scope="col">Node</th><th scope="col">Scheduler</th><th scope="col">Loop</th><th scope="col">Last loop pass</th><th scope="col">Stores</th></tr>
        </thead>
        <tbody>
        <tr>
        <th scope="row"><code>{{nodeID}}</code> <span class="sub">this node</span></th>
        <td data-label="Scheduler">{{schedulerState}}</td>
        <td data-label="Loop"><span class="outcome {{#loopAlive}}o-ok{{/loopAlive}}{{^loopAlive}}o-bad{{/loopAlive}}"><span aria-hidden="true">{{#loopAlive}}✓{{/loopAlive}}{{^loopAlive}}✗{{/loopAlive}}</span> {{loopText}}</span></td>
        <td data-label="Last loop pass">{{#lastPass}}<time datetime="{{iso}}">{{text}}</time> <span class="muted">{{relative}}</span>{{/lastPass}}{{^lastPass}}<span class="muted">never</span>{{/lastPass}}</td>
        <td data-label="Stores">{{stores}}</td>
        </tr>
        </tbody>
        </table>
        </div>
        </div>
        <p class="muted">Other nodes that share a store are not listed: the stores do not yet record the nodes that use them.</p>
        {{/content}}{{/main}}{{/layout}}

        """
}
