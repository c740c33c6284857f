/// The dashboard's only script, served at `/static/dashboard.js`: every 5 seconds it
/// fetches the page again and swaps in its `data-live` regions, unless focus is inside one
/// or the reader turned the updates off. Without it, every page is complete as served.
enum DashboardScript {
    static let javascript = """
        "use strict";
        (function () {
          var regions = document.querySelectorAll("[data-live][id]");
          var status = document.getElementById("live-status");
          if (!regions.length || !status || !window.fetch || !window.DOMParser) { return; }
          var key = "hourglass-live-updates";
          var enabled = true;
          try { enabled = window.localStorage.getItem(key) !== "off"; } catch (e) {}
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox";
          box.checked = enabled;
          label.appendChild(box);
          label.appendChild(document.createTextNode(" Live updates"));
          var note = document.createElement("span");
          note.className = "muted";
          status.className = "live";
          status.appendChild(label);
          status.appendChild(document.createTextNode(" "));
          status.appendChild(note);
          box.addEventListener("change", function () {
            enabled = box.checked;
            try { window.localStorage.setItem(key, enabled ? "on" : "off"); } catch (e) {}
            note.textContent = enabled ? "" : "(off)";
          });
          var stopped = false;
          function say(text, stale) {
            note.textContent = text;
            note.className = stale ? "stale" : "muted";
          }
          function refresh() {
            if (stopped || !enabled || document.hidden) { return; }
            fetch(window.location.href, { credentials: "same-origin", cache: "no-store", headers: { "X-Hourglass-Refresh": "1" } })
              .then(function (response) {
                if (response.redirected || !response.ok) {
                  stopped = true;
                  say(response.status === 404 ? "(stopped: this page is gone)" : "(stopped: reload the page to sign in again)", true);
                  return null;
                }
                return response.text();
              })
              .then(function (html) {
                if (html === null) { return; }
                var fresh = new DOMParser().parseFromString(html, "text/html");
                var current = document.querySelectorAll("[data-live][id]");
                for (var i = 0; i < current.length; i++) {
                  var region = current[i];
                  var replacement = fresh.getElementById(region.id);
                  if (!replacement || region.contains(document.activeElement)) { continue; }
                  region.replaceWith(document.adoptNode(replacement));
                }
                say("updated " + new Date().toLocaleTimeString(), false);
              })
              .catch(function () { say("(the server did not answer; trying again)", true); });
          }
          window.setInterval(refresh, 5000);
        })();

        """
}
