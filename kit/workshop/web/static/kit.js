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
  // a build under way (the workbench): its progress follows without a reload; the page itself has a link to look again
  document.querySelectorAll("[data-build]").forEach(follow);
});

function follow(box) {
  var timer = setInterval(function () {
    fetch(box.dataset.build, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (build) {
        if (!build) { return; }
        var status = box.querySelector("[data-status]");
        var bar = box.querySelector("progress");
        if (status && status.textContent !== build.text) { status.textContent = build.text; }
        if (bar && build.state === "running") { bar.value = build.progress; }
        if (build.state !== "done" && build.state !== "failed") { return; }
        clearInterval(timer);
        if (box.dataset.reload) { window.location.reload(); return; }  // a page without a form: nothing typed is lost
        showImages(box, build.images);
      })
      .catch(function () { /* the link to look again still works */ });
  }, 1500);
}

function showImages(box, images) {
  var place = box.querySelector(".images");
  if (!place || !images || !images.length) { return; }
  place.textContent = "";
  images.forEach(function (shown) {
    var image = document.createElement("img");
    image.src = shown.src;
    image.alt = shown.alt;
    place.appendChild(image);
  });
}
