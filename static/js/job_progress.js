// A spreadsheet job's page: polls the job's state, moves the progress bar, and reloads the
// page (which then shows the outcome) once the job is finished.
(function () {
  "use strict";
  const box = document.getElementById("job");
  if (!box || box.dataset.finished === "1") return;
  const bar = document.getElementById("job-progress");
  const count = document.getElementById("job-count");
  const status = box.querySelector("[data-testid=job-status]");
  const number = new Intl.NumberFormat(document.documentElement.lang || "vi");
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((s) => {
        if (s.finished) { window.location.reload(); return; }
        if (bar) bar.value = s.percent;
        if (count) count.textContent = number.format(s.done) + " / " + number.format(s.total);
        if (status) status.textContent = s.label;
        window.setTimeout(poll, 1000);
      })
      .catch(() => window.setTimeout(poll, 3000));
  }
  window.setTimeout(poll, 500);
})();
