// The moderation queue: "select all on this page" (the checkbox is hidden without JS).
document.addEventListener("DOMContentLoaded", () => {
  const all = document.querySelector("[data-queue-select-all]");
  if (!all) return;
  const boxes = () => document.querySelectorAll('input[name="task_state"][form="queue-bulk"]');
  all.hidden = false;
  all.addEventListener("change", () => {
    boxes().forEach((box) => {
      box.checked = all.checked;
    });
  });
});
