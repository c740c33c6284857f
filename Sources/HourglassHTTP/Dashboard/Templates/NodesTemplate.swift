/// The nodes page: the scheduler that serves the dashboard, and the nodes its stores know.
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
        <h2>Cluster</h2>
        <div class="scroll" role="region" aria-label="Cluster" tabindex="0">
        <table class="nodes cards">
        <caption>Nodes that send heartbeats to the stores (times in UTC)</caption>
        <thead>
        <tr><th scope="col">Node</th><th scope="col">Store</th><th scope="col">State</th><th scope="col">Last heartbeat</th><th scope="col">Runs in flight</th></tr>
        </thead>
        <tbody>
        {{#cluster}}
        <tr>
        <th scope="row"><code>{{node}}</code>{{#isThisNode}} <span class="sub">this node</span>{{/isThisNode}}</th>
        <td data-label="Store">{{store}}</td>
        <td data-label="State"><span class="outcome {{#alive}}o-ok{{/alive}}{{^alive}}o-bad{{/alive}}"><span aria-hidden="true">{{#alive}}✓{{/alive}}{{^alive}}✗{{/alive}}</span> {{#alive}}alive{{/alive}}{{^alive}}silent{{/alive}}</span></td>
        <td data-label="Last heartbeat">{{#lastHeartbeat}}<time datetime="{{iso}}">{{text}}</time> <span class="muted">{{relative}}</span>{{/lastHeartbeat}}</td>
        <td data-label="Runs in flight">{{runsInFlight}}</td>
        </tr>
        {{/cluster}}
        {{^cluster}}<tr><td colspan="5" class="muted">No node has sent a heartbeat yet.</td></tr>{{/cluster}}
        </tbody>
        </table>
        </div>
        {{#clusterErrors}}<p class="error" role="alert">{{.}}</p>{{/clusterErrors}}
        </div>
        {{/content}}{{/main}}{{/layout}}

        """
}
