// The front desk's page: the packet is made by the server and shown in the page, or printed
// from it, without leaving the page; without JavaScript the same forms open the PDF itself.
// Nothing is kept: the PDF lives in this tab's memory until the next one replaces it.
"use strict";

(function () {
  let current = null; // the object URL of the PDF shown, released when replaced

  function show(main, html) {
    const next = new DOMParser().parseFromString(html, "text/html").querySelector("main");
    if (!next) return false;
    main.replaceChildren(...next.childNodes);
    bind(main);
    const summary = main.querySelector("#error-summary");
    (summary || main).focus();
    return true;
  }

  function twoSidedFollowsLocation(form) {
    const location = form.querySelector("select[name=location]");
    const twoSided = form.querySelector("input[name=two_sided]");
    if (!location || !twoSided) return;
    location.addEventListener("change", function () {
      const option = location.options[location.selectedIndex];
      twoSided.checked = option.dataset.twoSided === "yes";
    });
  }

  function bind(main) {
    for (const form of main.querySelectorAll("form")) twoSidedFollowsLocation(form);
    const form = main.querySelector("#packet-form");
    const result = main.querySelector("#result");
    if (!form || !result) return;
    const frame = result.querySelector("#pdf-frame");
    const status = result.querySelector("#status");
    form.addEventListener("reset", function () {
      result.hidden = true;
      frame.src = "about:blank";
      release();
    });
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const button = event.submitter;
      const intent = button && button.name === "intent" ? button.value : "preview";
      const data = new FormData(form);
      if (button && button.name) data.set(button.name, button.value);
      const buttons = form.querySelectorAll("button");
      buttons.forEach((b) => (b.disabled = true));
      result.hidden = false;
      status.textContent = "Making the packet…";
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          cache: "no-store",
        });
        const type = response.headers.get("Content-Type") || "";
        if (type.startsWith("application/pdf")) {
          const pages = response.headers.get("X-Pages");
          const blob = await response.blob();
          release();
          current = URL.createObjectURL(blob);
          frame.dataset.intent = intent;
          frame.src = current;
          const what = pages ? pages + " pages" : "the packet";
          status.textContent =
            intent === "print"
              ? "Ready (" + what + "). The print window opens now; if it does not, use the printer button above the packet."
              : "Ready (" + what + "). Check it below, then press Print.";
          if (intent === "print") printWhenLoaded(frame);
          result.scrollIntoView({ block: "start" });
        } else if (type.startsWith("text/html")) {
          show(document.querySelector("main"), await response.text());
        } else {
          status.textContent = "Something went wrong (" + response.status + "). Try again.";
        }
      } catch (error) {
        status.textContent = "The server did not answer. Is handouts serve still running?";
      } finally {
        buttons.forEach((b) => (b.disabled = false));
      }
    });
  }

  function printWhenLoaded(frame) {
    frame.addEventListener(
      "load",
      function () {
        try {
          frame.contentWindow.focus();
          frame.contentWindow.print();
          frame.dataset.printed = "yes"; // the print window was asked for
        } catch (error) {
          // The browser's own PDF viewer still has its print button.
        }
      },
      { once: true },
    );
  }

  function release() {
    if (current) URL.revokeObjectURL(current);
    current = null;
  }

  bind(document.querySelector("main"));
})();
