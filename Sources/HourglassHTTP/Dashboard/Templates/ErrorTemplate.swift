/// A page that says what went wrong and where to go on.
enum ErrorTemplate {
    static let text = """
        {{<layout}}{{$main}}{{#content}}
        <h1>{{heading}}</h1>
        <p>{{message}}</p>
        <p><a href="{{base}}/">Back to the jobs</a></p>
        {{/content}}{{/main}}{{/layout}}

        """
}
