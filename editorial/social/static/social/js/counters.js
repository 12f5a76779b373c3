// Live per-channel character counters of the social post editor. The counting is
// done by the server (the same code that validates and sends); this sends the form.
(function () {
    "use strict";

    function setUp(box) {
        const form = box.closest("form");
        if (!form) return;
        const list = box.querySelector("[data-social-counters-list]");
        const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
        let timer = null;

        function render(rows) {
            list.replaceChildren();
            if (!rows.length) {
                const li = document.createElement("li");
                li.textContent = box.dataset.emptyMessage;
                list.append(li);
            }
            rows.forEach((row) => {
                const li = document.createElement("li");
                li.textContent = row.message;
                li.className = row.ok ? "social-counter-ok" : "social-counter-error";
                list.append(li);
            });
        }

        function refresh() {
            fetch(box.dataset.url, {
                method: "POST",
                headers: { "X-CSRFToken": csrf, "X-Requested-With": "XMLHttpRequest" },
                // The whole form: the server composes each channel's text from it
                // exactly as it validates and sends it.
                body: new FormData(form),
                credentials: "same-origin",
            })
                .then((r) => (r.ok ? r.json() : { counters: [] }))
                .then((data) => render(data.counters));
        }

        function later(delay) {
            clearTimeout(timer);
            timer = setTimeout(refresh, delay);
        }

        form.addEventListener("input", () => later(300));
        form.addEventListener("change", () => later(100));
        refresh();
    }

    function start() {
        document.querySelectorAll("[data-social-counters]").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
