// Live per-channel character counters of the social post editor. The counting is
// done by the server (the same code that validates); this only sends the text.
(function () {
    "use strict";

    function setUp(box) {
        const form = box.closest("form");
        if (!form) return;
        const list = box.querySelector("[data-social-counters-list]");
        const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
        let timer = null;

        function payload() {
            const text = (form.querySelector("[name=text]") || {}).value || "";
            const link = (form.querySelector("[name=link]") || {}).value || "";
            const channels = Array.from(form.querySelectorAll("[name=channels]:checked")).map(
                (el) => el.value,
            );
            const variants = {};
            form.querySelectorAll("[name^=variants-][name$=-channel]").forEach((select) => {
                const prefix = select.name.replace(/-channel$/, "");
                const deleted = form.querySelector(`[name="${prefix}-DELETE"]`);
                const own = form.querySelector(`[name="${prefix}-text"]`);
                if (select.value && own && !(deleted && deleted.value)) {
                    variants[select.value] = own.value;
                }
            });
            return { text, link, channels, variants };
        }

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
                headers: {
                    "Content-Type": "application/json",
                    "X-CSRFToken": csrf,
                    "X-Requested-With": "XMLHttpRequest",
                },
                body: JSON.stringify(payload()),
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
