// The editors' preview follows the files: the server answers /preview/changes when the project
// was read again or a document finished rendering, and the page reloads (keeping its place).
"use strict";

(function () {
  // The folded warnings stay as the editor left them when the page reloads after a change.
  const warnings = document.querySelector("details.warnings");
  if (warnings) {
    const key = "handouts-preview-warnings-open";
    warnings.open = sessionStorage.getItem(key) === "yes";
    warnings.addEventListener("toggle", () => {
      sessionStorage.setItem(key, warnings.open ? "yes" : "no");
    });
  }
})();

(function () {
  const status = document.getElementById("preview-status");
  if (!status) return;
  const version = status.dataset.version;
  const finished = status.dataset.finished === "yes";

  async function watch() {
    for (;;) {
      try {
        const response = await fetch("/preview/changes?since=" + encodeURIComponent(version) +
          "&finished=" + (finished ? "1" : "0"), { cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        const answer = await response.json();
        if (answer.version !== version || answer.finished !== finished) {
          window.location.reload();
          return;
        }
        if (answer.progress) status.textContent = answer.progress;
      } catch (error) {
        status.textContent = "The server stopped answering; start handouts serve again, then reload this page.";
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
    }
  }
  watch();
})();
