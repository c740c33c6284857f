/// The frame of every page: head, skip link, navigation, flash message, footer. Pages
/// fill its `main` block (`{{<layout}}{{$main}}...{{/main}}{{/layout}}`).
enum LayoutTemplate {
    static let text = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Hourglass</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="{{base}}/static/dashboard.css?v={{assetVersion}}">
        <script src="{{base}}/static/dashboard.js?v={{assetVersion}}" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
        <p class="brand"><a href="{{base}}/">Hourglass</a></p>
        <nav aria-label="Dashboard">
        <ul>
        <li><a href="{{base}}/"{{#navJobs}} aria-current="page"{{/navJobs}}>Jobs</a></li>
        <li><a href="{{base}}/nodes"{{#navNodes}} aria-current="page"{{/navNodes}}>Nodes</a></li>
        </ul>
        </nav>
        {{#signedIn}}
        <form class="signout" method="post" action="{{base}}/logout">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" class="quiet">Sign out</button>
        </form>
        {{/signedIn}}
        </header>
        <main id="main" tabindex="-1">
        {{#flash}}<p class="flash" role="status">{{flash}}</p>{{/flash}}
        {{$main}}{{/main}}
        </main>
        <footer>
        <p>Served by node <code>{{schedulerID}}</code>. <span id="live-status"></span></p>
        </footer>
        </body>
        </html>

        """
}
