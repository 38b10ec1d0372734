/*
 * The hand-in form: its button is disabled once the form is sent, so a
 * double click sends it once. The server refuses a second copy anyway.
 */
(function () {
    "use strict";

    document.querySelectorAll("button[data-submit-once]").forEach(function (button) {
        var form = button.form;
        if (!form) {
            return;
        }
        form.addEventListener("submit", function () {
            window.setTimeout(function () {
                button.disabled = true;
                button.setAttribute("aria-busy", "true");
            }, 0);
        });
    });
})();
