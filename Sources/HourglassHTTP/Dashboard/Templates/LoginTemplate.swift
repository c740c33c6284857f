/// The sign-in form: a token field, posted with the session's CSRF token.
enum LoginTemplate {
    static let text = """
        {{<layout}}{{$main}}{{#content}}
        <h1>Sign in</h1>
        {{#loginError}}<p class="error" id="login-error" role="alert">{{loginError}}</p>{{/loginError}}
        <form class="login" method="post" action="{{base}}/login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="next" value="{{next}}">
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required aria-describedby="token-hint{{#loginError}} login-error{{/loginError}}"{{#loginError}} aria-invalid="true"{{/loginError}}>
        <p class="hint" id="token-hint">A read or admin token, as given to the server in HOURGLASS_HTTP_READ_TOKEN or HOURGLASS_HTTP_ADMIN_TOKEN.</p>
        <button type="submit">Sign in</button>
        </form>
        {{/content}}{{/main}}{{/layout}}

        """
}
