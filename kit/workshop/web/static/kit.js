/* What JavaScript adds, where it runs: the pages work without it. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // a refused save: the summary of what to correct takes the focus (autofocus does so too, where supported)
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // the secret link: a copy button next to the selectable text
  document.querySelectorAll("button.copy").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = button.parentElement.querySelector(".copied");
    if (!field || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () { status.textContent = button.dataset.copied; });
    });
  });
});
