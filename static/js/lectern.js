/*
 * Small progressive enhancements. Every page works without this file.
 * - The account menu (a <details> element) closes on Escape and on a click outside.
 * - Disclosures marked data-collapse-below fold on narrow screens.
 */
(function () {
    "use strict";

    var menus = document.querySelectorAll("[data-user-menu]");
    if (!menus.length) {
        return;
    }

    document.addEventListener("click", function (event) {
        menus.forEach(function (menu) {
            if (menu.open && !menu.contains(event.target)) {
                menu.open = false;
            }
        });
    });

    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") {
            return;
        }
        menus.forEach(function (menu) {
            if (menu.open) {
                menu.open = false;
                menu.querySelector("summary").focus();
            }
        });
    });
})();

/*
 * Disclosures that are open on wide screens and folded on narrow ones, such as
 * a lesson's course outline: <details open data-collapse-below="960">. Without
 * this script they simply stay open.
 */
(function () {
    "use strict";

    var panels = document.querySelectorAll("details[data-collapse-below]");
    if (!panels.length || !window.matchMedia) {
        return;
    }

    panels.forEach(function (panel) {
        var width = parseInt(panel.getAttribute("data-collapse-below"), 10) || 960;
        var query = window.matchMedia("(max-width: " + width + "px)");
        function apply() {
            panel.open = !query.matches;
        }
        apply();
        if (query.addEventListener) {
            query.addEventListener("change", apply);
        }
    });
})();
