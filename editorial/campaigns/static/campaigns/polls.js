// Progressive enhancement of poll and quiz forms (the forms work without it): submit
// in the background and put the answer (the block, as the server renders it) in place.
(function () {
  "use strict";
  if (window.sklaidaPolls) { return; }
  window.sklaidaPolls = true;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-poll-form]")) { return; }
    var block = form.closest("[data-poll-block]");
    if (!block || !window.fetch) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Sklaida-Fragment": "1" }
    }).then(function (response) {
      return response.text().then(function (html) {
        if (!html || response.headers.get("X-Sklaida-Fragment") !== "1") { throw new Error(); }
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("[data-poll-block]");
        if (!fresh) { throw new Error(); }
        fresh.querySelectorAll("script").forEach(function (s) { s.remove(); });
        block.replaceWith(fresh);
        var status = fresh.querySelector("[role=status]");
        if (status) { status.setAttribute("tabindex", "-1"); status.focus(); }
      });
    }).catch(function () {
      // Whatever went wrong, the ordinary submission shows the visitor the outcome.
      form.submit();
    });
  });
})();
