/*
 * Reading time on a lesson. While the page is visible, every 30 seconds it
 * posts "seconds=30" to the address of the [data-reading-time] form, with
 * that form's CSRF token. A hidden tab stops the clock; coming back starts a
 * fresh 30 seconds, so only time spent looking at the lesson is counted.
 */
(function () {
    "use strict";

    var form = document.querySelector("form[data-reading-time]");
    if (!form || !window.fetch) {
        return;
    }

    var INTERVAL_SECONDS = 30;
    var url = form.getAttribute("action");
    var tokenInput = form.querySelector("input[name='csrfmiddlewaretoken']");
    var token = tokenInput ? tokenInput.value : "";
    var timer = null;

    function send() {
        var body = new URLSearchParams();
        body.append("seconds", String(INTERVAL_SECONDS));
        fetch(url, {
            method: "POST",
            body: body,
            credentials: "same-origin",
            keepalive: true,
            headers: { "X-CSRFToken": token, "X-Requested-With": "XMLHttpRequest" },
        }).catch(function () {
            // Offline or signed out: reading time is a nice-to-have, so skip it.
        });
    }

    function stop() {
        if (timer !== null) {
            window.clearInterval(timer);
            timer = null;
        }
    }

    function start() {
        stop();
        timer = window.setInterval(function () {
            if (document.visibilityState === "visible") {
                send();
            } else {
                stop();
            }
        }, INTERVAL_SECONDS * 1000);
    }

    document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "visible") {
            start();
        } else {
            stop();
        }
    });

    if (document.visibilityState === "visible") {
        start();
    }
})();
