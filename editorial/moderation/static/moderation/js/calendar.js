// The editorial calendar: drag an entry to another day (the server decides, see
// editorial/moderation/editorial_calendar/views.py), and copy the feed link.
// Without this script every entry is still a link and the agenda view moves items.
(function () {
  "use strict";

  var form = document.getElementById("sk-cal-move-form");
  var dragged = null;

  if (form) {
    document.querySelectorAll('.sk-cal-entry[draggable="true"]').forEach(function (entry) {
      entry.addEventListener("dragstart", function (event) {
        dragged = entry;
        entry.classList.add("is-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", entry.dataset.key);
      });
      entry.addEventListener("dragend", function () {
        entry.classList.remove("is-dragging");
        dragged = null;
      });
    });

    document.querySelectorAll("[data-drop-date]").forEach(function (cell) {
      cell.addEventListener("dragover", function (event) {
        if (!dragged) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        cell.classList.add("is-drop-target");
      });
      cell.addEventListener("dragleave", function () {
        cell.classList.remove("is-drop-target");
      });
      cell.addEventListener("drop", function (event) {
        event.preventDefault();
        cell.classList.remove("is-drop-target");
        if (!dragged || cell.dataset.dropDate === dragged.dataset.date) return;
        form.elements.kind.value = dragged.dataset.kind;
        form.elements.key.value = dragged.dataset.key;
        form.elements.date.value = cell.dataset.dropDate;
        form.elements.time.value = dragged.dataset.time || "";
        form.submit();
      });
    });
  }

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.dataset.copyTarget);
      if (!input) return;
      input.select();
      var done = function () { button.textContent = button.dataset.copiedText; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done);
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
