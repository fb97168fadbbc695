// Polls a refresh run's status while it runs and updates the progress bar in place;
// reloads once it finishes so the page shows errors and changed governments.
(function () {
  "use strict";
  var box = document.getElementById("refresh-run");
  if (!box || box.dataset.finished === "true") return;
  var bar = box.querySelector(".progress-bar");
  var progress = box.querySelector(".progress");

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.style.width = data.progress + "%";
        bar.textContent = data.progress + "%";
        progress.setAttribute("aria-valuenow", data.progress);
        box.querySelectorAll("[data-field]").forEach(function (node) {
          var value = data[node.dataset.field];
          if (value !== undefined) node.textContent = value;
        });
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
