// The brand kit and the live pre-publish checklist beside the social post editor.
// The checklist is judged by the server (the same code that refuses a submission);
// this script sends the form, debounced, and shows the verdicts. No inline script (CSP).
(function () {
    "use strict";

    const HEX = /^#[0-9a-fA-F]{6}$/;

    function textField(form) {
        return form.querySelector("textarea[name=text]");
    }

    function insertAtCursor(field, value) {
        const start = field.selectionStart ?? field.value.length;
        const end = field.selectionEnd ?? field.value.length;
        const before = field.value.slice(0, start);
        const after = field.value.slice(end);
        const gap = before && !/\s$/.test(before) ? " " : "";
        field.value = before + gap + value + after;
        const cursor = (before + gap + value).length;
        field.focus();
        field.setSelectionRange(cursor, cursor);
        // Counters and the checklist listen to the form's input events.
        field.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function setUpKit(box) {
        const form = box.closest("form");
        box.querySelectorAll("[data-brandcheck-swatch]").forEach((swatch) => {
            const value = swatch.dataset.brandcheckSwatch;
            if (HEX.test(value)) swatch.style.backgroundColor = value;
        });
        box.addEventListener("click", (event) => {
            const field = form && textField(form);
            if (!field) return;
            const insert = event.target.closest("[data-brandcheck-insert]");
            if (insert) insertAtCursor(field, insert.dataset.brandcheckInsert);
            const start = event.target.closest("[data-brandcheck-start]");
            if (start) {
                if (field.value.trim()) {
                    insertAtCursor(field, "\n\n" + start.dataset.brandcheckStart);
                } else {
                    field.value = start.dataset.brandcheckStart;
                    field.dispatchEvent(new Event("input", { bubbles: true }));
                }
            }
        });
    }

    function showTemplates(networks) {
        document.querySelectorAll("[data-brandcheck-kit]").forEach((kit) => {
            let shown = 0;
            kit.querySelectorAll("[data-brandcheck-template]").forEach((item) => {
                item.hidden = !networks.includes(item.dataset.brandcheckTemplate);
                if (!item.hidden) shown += 1;
            });
            const hint = kit.querySelector("[data-brandcheck-no-template]");
            if (hint) hint.hidden = shown > 0;
        });
    }

    function setUpChecklist(box) {
        const form = box.closest("form");
        if (!form) return;
        const list = box.querySelector("[data-brandcheck-verdicts]");
        const summary = box.querySelector("[data-brandcheck-summary]");
        const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
        let timer = null;

        function render(data) {
            list.replaceChildren();
            const verdicts = data.verdicts || [];
            if (!verdicts.length) {
                const li = document.createElement("li");
                li.textContent = box.dataset.emptyMessage;
                list.append(li);
            }
            verdicts.forEach((verdict) => {
                const li = document.createElement("li");
                const level = verdict.required ? box.dataset.requiredLabel : box.dataset.recommendedLabel;
                const state = verdict.passed ? box.dataset.passedLabel : box.dataset.failedLabel;
                li.className = verdict.passed
                    ? "brandcheck-passed"
                    : verdict.required
                      ? "brandcheck-blocking"
                      : "brandcheck-warning";
                li.dataset.rule = verdict.rule;
                const head = document.createElement("strong");
                head.textContent = verdict.label + " (" + level + "): " + state + ". ";
                li.append(head, document.createTextNode(verdict.message));
                list.append(li);
            });
            summary.textContent = data.blocking ? box.dataset.blockingMessage : "";
            showTemplates(data.networks || []);
        }

        function refresh() {
            fetch(box.dataset.url, {
                method: "POST",
                headers: { "X-CSRFToken": csrf, "X-Requested-With": "XMLHttpRequest" },
                body: new FormData(form),
                credentials: "same-origin",
            })
                .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
                .then(render)
                .catch(() => {
                    summary.textContent = box.dataset.errorMessage;
                });
        }

        function later(delay) {
            clearTimeout(timer);
            timer = setTimeout(refresh, delay);
        }

        form.addEventListener("input", () => later(400));
        form.addEventListener("change", () => later(150));
        refresh();
    }

    function start() {
        document.querySelectorAll("[data-brandcheck-kit]").forEach(setUpKit);
        document.querySelectorAll("[data-brandcheck-checklist]").forEach(setUpChecklist);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
