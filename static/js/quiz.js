/*
 * A quiz attempt: autosave and the countdown.
 *
 * Autosave: every change to a question posts that question's fields (with
 * only=<number>) to the form's save address. Choices save at once, typing
 * after a pause. A failed save is retried with growing waits and the page
 * says "Not saved — retrying"; a refused answer says why and is not retried.
 * When the server says the attempt is closed, the page goes to the result.
 *
 * Countdown: starts from the seconds the server computed when the page was
 * served (the server's deadline is the truth, the browser's clock is not
 * trusted). At zero the form is submitted with action=finish, so what is on
 * screen is saved and submitted within the grace period.
 *
 * Without JavaScript the Save and Submit buttons post the whole form.
 */
(function () {
    "use strict";

    var form = document.querySelector("form[data-quiz-form]");
    if (!form || !window.fetch || !window.FormData) {
        return;
    }

    var url = form.getAttribute("action");
    var token = form.querySelector("input[name='csrfmiddlewaretoken']").value;
    var summary = document.querySelector("[data-save-summary]");
    var answeredCount = document.querySelector("[data-answered]");
    var pending = {}; // question number -> timer id
    var failures = {}; // question number -> consecutive failures
    var inFlight = 0;
    var finishing = false;

    // Messages come translated from the template's data-msg-* attributes.
    function t(key) {
        return form.getAttribute("data-msg-" + key) || "";
    }

    function setSummary(text, isError) {
        if (!summary) {
            return;
        }
        summary.textContent = text;
        summary.classList.toggle("is-error", Boolean(isError));
    }

    function statusFor(fieldset) {
        return fieldset.querySelector("[data-save-status]");
    }

    function setStatus(fieldset, text, isError) {
        var el = statusFor(fieldset);
        if (el) {
            el.textContent = text;
            el.classList.toggle("is-error", Boolean(isError));
        }
    }

    function isAnswered(fieldset) {
        var fields = fieldset.querySelectorAll("input, select, textarea");
        for (var i = 0; i < fields.length; i++) {
            var field = fields[i];
            if (field.type === "radio" || field.type === "checkbox") {
                if (field.checked) {
                    return true;
                }
            } else if (field.value.trim() !== "") {
                return true;
            }
        }
        return false;
    }

    function updateAnswered() {
        if (!answeredCount) {
            return;
        }
        var count = 0;
        form.querySelectorAll("[data-question]").forEach(function (fieldset) {
            if (isAnswered(fieldset)) {
                count += 1;
            }
        });
        answeredCount.textContent = String(count);
    }

    function anyPending() {
        return inFlight > 0 || Object.keys(pending).length > 0;
    }

    function save(fieldset) {
        var number = fieldset.getAttribute("data-question");
        delete pending[number];
        var body = new FormData();
        body.append("only", number);
        fieldset.querySelectorAll("input, select, textarea").forEach(function (field) {
            if ((field.type === "radio" || field.type === "checkbox") && !field.checked) {
                return;
            }
            body.append(field.name, field.value);
        });
        inFlight += 1;
        setStatus(fieldset, t("saving"));
        fetch(url, {
            method: "POST",
            body: body,
            credentials: "same-origin",
            headers: { "X-CSRFToken": token, "X-Requested-With": "XMLHttpRequest" },
        })
            .then(function (response) {
                return response.json().then(function (data) {
                    return { status: response.status, data: data };
                });
            })
            .then(function (reply) {
                inFlight -= 1;
                if (reply.status === 409 && reply.data.redirect) {
                    window.location.assign(reply.data.redirect);
                    return;
                }
                if (reply.status === 400) {
                    failures[number] = 0;
                    setStatus(fieldset, t("not-saved") + " " + reply.data.error, true);
                    setSummary(t("refused"), true);
                    return;
                }
                if (!reply.data.saved) {
                    throw new Error("not saved");
                }
                failures[number] = 0;
                setStatus(fieldset, t("saved"));
                if (!anyPending()) {
                    setSummary(t("all-saved"));
                }
            })
            .catch(function () {
                inFlight = Math.max(0, inFlight - 1);
                failures[number] = (failures[number] || 0) + 1;
                var wait = Math.min(30000, 1000 * Math.pow(2, failures[number]));
                setStatus(fieldset, t("retrying"), true);
                setSummary(t("retrying-long"), true);
                schedule(fieldset, wait);
            });
    }

    function schedule(fieldset, delay) {
        var number = fieldset.getAttribute("data-question");
        if (pending[number]) {
            window.clearTimeout(pending[number]);
        }
        pending[number] = window.setTimeout(function () {
            save(fieldset);
        }, delay);
    }

    form.addEventListener("change", function (event) {
        var fieldset = event.target.closest("[data-question]");
        if (fieldset) {
            updateAnswered();
            schedule(fieldset, 0);
        }
    });

    form.addEventListener("input", function (event) {
        var target = event.target;
        if (target.tagName === "TEXTAREA" || target.type === "text" || target.type === "number") {
            var fieldset = target.closest("[data-question]");
            if (fieldset) {
                updateAnswered();
                setStatus(fieldset, "");
                schedule(fieldset, 800);
            }
        }
    });

    window.addEventListener("beforeunload", function (event) {
        if (anyPending() && !finishing) {
            event.preventDefault();
            event.returnValue = "";
        }
    });

    form.addEventListener("submit", function () {
        // The buttons post every answer: pending autosaves are no longer needed.
        finishing = true;
        Object.keys(pending).forEach(function (number) {
            window.clearTimeout(pending[number]);
        });
        pending = {};
    });

    // Countdown ------------------------------------------------------------------------
    var clock = document.querySelector("[data-countdown]");
    if (!clock) {
        return;
    }
    var display = clock.querySelector("[data-countdown-value]");
    var alertBox = clock.querySelector("[data-countdown-alert]");
    var endsAt = Date.now() + parseInt(clock.getAttribute("data-seconds-left"), 10) * 1000;
    var warned = {};

    function pad(n) {
        return n < 10 ? "0" + n : String(n);
    }

    function finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        var action = document.createElement("input");
        action.type = "hidden";
        action.name = "action";
        action.value = "finish";
        form.appendChild(action);
        form.submit();
    }

    function tick() {
        var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
        var hours = Math.floor(left / 3600);
        var minutes = Math.floor((left % 3600) / 60);
        var seconds = left % 60;
        display.textContent = (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(seconds);
        clock.classList.toggle("is-low", left <= 300 && left > 0);
        clock.classList.toggle("is-over", left === 0);
        [300, 60].forEach(function (mark) {
            if (left <= mark && left > mark - 5 && !warned[mark]) {
                warned[mark] = true;
                alertBox.textContent = mark === 300 ? t("five-minutes") : t("one-minute");
            }
        });
        if (left === 0) {
            alertBox.textContent = t("time-up");
            finish();
            return;
        }
        window.setTimeout(tick, 1000);
    }

    tick();
})();
